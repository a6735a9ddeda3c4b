import Controller
import Foundation
import Kube
import Neutron
import SCNetAPI
import TestSupport
import Testing

/// A controller harness with the join network on, one real node (OVS + ovn-controller + agent
/// in a namespace of its own) and a CNI runtime for it; pods are plugged through `scnet-cni`
/// exactly as libcni calls it. Everything made is removed afterwards, and the test checks
/// that nothing of ours is left in NB, OVS or the node.
struct DataplaneWorld: Sendable {
    let h: ControllerHarness
    let node: NodeUnderTest
    let runtime: CNIRuntime
    let defaultRouter: (router: Router, network: Network, gateway: String)
    /// Every pod namespace made through ``sandbox()``: deleted at the end whatever happened.
    let sandboxes = Locked<[PodSandbox]>([])

    /// A new pod network namespace, removed when the world ends.
    func sandbox() throws -> PodSandbox {
        let sandbox = try PodSandbox.make()
        sandboxes.withLock { $0.append(sandbox) }
        return sandbox
    }

    /// Runs `body` against a fresh world; `agentArguments` are extra `scnet agent` options.
    static func with(name: String, agentArguments: [String] = [], _ body: @Sendable (DataplaneWorld) async throws -> Void) async throws {
        let sandbox = NeutronSandbox.current!
        let client = sandbox.client()
        let defaultRouter = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "\(name)-default")
        try await ControllerHarness.with(
            defaultNetwork: .init(neutronRouter: defaultRouter.router.id, externalNetworkID: defaultRouter.network.id,
                                  cidrBlock: "10.16.0.0/16"),
            joinCIDR: "100.64.0.0/16"
        ) { h in
            let node = try await NodeUnderTest.start(
                name: "\(name)-n1", southbound: sandbox.southbound, kubeconfig: h.api.kubeconfigPath.path, under: h.directory,
                gateway: true, bridgeMappings: ["physnet1:br-ex"], extraAgentArguments: agentArguments)
            let world = DataplaneWorld(h: h, node: node, runtime: CNIRuntime(node: node), defaultRouter: defaultRouter)
            let outcome: Result<Void, any Error>
            do {
                try await body(world)
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            if case .failure = outcome {
                print("agent log:\n\(node.agent.stderr.suffix(4000))")
                for log in ["ovn-controller.log", "ovs-vswitchd.log"] {
                    let text = (try? String(contentsOf: node.directory.appendingPathComponent(log), encoding: .utf8)) ?? ""
                    print("\(log):\n\(text.suffix(3000))")
                }
            }
            for sandbox in world.sandboxes.withLock({ $0 }) { sandbox.delete() }
            let cleaned = try await world.removeEverything()
            node.stop()
            try outcome.get()
            #expect(cleaned, "rows of ours or IP records left in NB/API after deleting everything")
        }
    }

    /// Deletes every object (pods, nodes, subnets, VPCs) and waits until no row of ours and no
    /// `IP` record is left, so suites sharing the sandbox's NB start clean.
    func removeEverything() async throws -> Bool {
        for args in [["delete", "pods", "--all", "--all-namespaces", "--wait=false"], ["delete", "vm", "--all", "--all-namespaces", "--wait=false"],
                     ["delete", "nodes", "--all", "--wait=false"], ["delete", "subnets", "--all", "--wait=false"],
                     ["delete", "vpcs", "--all", "--wait=false"]] {
            _ = try await h.kubectl.run(args, deadline: .seconds(30))
        }
        let clean = try await eventually(timeout: .seconds(45), interval: .milliseconds(500)) {
            // Deletions wait on each other (a subnet's finalizer on its addresses): ask again.
            for args in [["delete", "subnets", "--all", "--wait=false"], ["delete", "vpcs", "--all", "--wait=false"]] {
                _ = try await h.kubectl.run(args, deadline: .seconds(30))
            }
            let rows = try ["Logical_Switch", "Logical_Switch_Port", "Logical_Router_Port", "NAT", "Gateway_Chassis", "ACL", "Port_Group"]
                .flatMap { try h.ownedRows($0) }
            let records = try await h.kube.list(IP.self).items
            return rows.isEmpty && records.isEmpty
        }
        if !clean {
            let rows = try ["Logical_Switch", "Logical_Switch_Port", "Logical_Router_Port", "NAT", "Gateway_Chassis", "ACL", "Port_Group"]
                .map { "\($0): \(try h.ownedRows($0))" }
            let objects = try await h.kubectl.run(["get", "ips,subnets,vpcs,nodes,pods", "-A"], deadline: .seconds(20))
            print("left after deleting everything:\n\(rows.joined(separator: "\n"))\n\(objects.stdout)\n\(objects.stderr)")
        }
        return clean
    }

    /// A pod in the API and its sandbox plugged through the plugin; returns the sandbox and its address.
    func plug(_ namespace: String, _ name: String, annotations: [String: String] = [:]) async throws -> (PodSandbox, String) {
        let sandbox = try self.sandbox()
        let added = try await runtime.call("ADD", containerID: sandbox.containerID, netns: sandbox.path, namespace: namespace, name: name)
        guard added.status == 0, let ips = added.json?["ips"] as? [[String: Any]], let address = ips.first?["address"] as? String else {
            sandbox.delete()
            let state = try await h.kubectl.run(["get", "pods,ips,vm,events", "-A", "-o", "wide"], deadline: .seconds(20))
            throw SandboxFailure(message: "CNI ADD \(namespace)/\(name) failed: \(added)\n\(state.stdout)\(state.stderr)")
        }
        return (sandbox, String(address.split(separator: "/")[0]))
    }

    /// CNI DEL, then the sandbox deleted.
    func unplug(_ namespace: String, _ name: String, _ sandbox: PodSandbox) async throws {
        let deleted = try await runtime.call("DEL", containerID: sandbox.containerID, netns: sandbox.path, namespace: namespace, name: name)
        #expect(deleted.status == 0, "DEL \(namespace)/\(name): \(deleted)")
        sandbox.delete()
    }

    /// Interfaces on the node's OVS that carry an attachment of ours.
    func pluggedInterfaces() throws -> [String] {
        try node.exec(["ovs-vsctl", "--db=unix:\(node.directory.path)/db.sock", "--format=csv", "--no-headings",
                       "--columns=name,external_ids", "list", "Interface"])
            .split(separator: "\n").filter { $0.contains("scnet/container-id") }
            .map { String($0.split(separator: ",").first ?? "") }
    }

    /// Host-side veth ends of pods (`scn…`) in the node's namespace.
    func hostVeths() throws -> [String] {
        try node.exec(["ip", "-o", "link", "show"]).split(separator: "\n").compactMap { line in
            let name = line.split(separator: ":").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let bare = String(name.split(separator: "@").first ?? "")
            return bare.hasPrefix("scn") ? bare : nil
        }
    }
}
