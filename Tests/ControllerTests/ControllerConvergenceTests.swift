import Foundation
import Kube
import OVN
import SCNetAPI
import TestSupport
import Testing

extension ControllerEndToEndTests {
    /// A managed namespace `name` applied through kubectl.
    static func namespace(_ name: String, project: String? = nil) -> String {
        let project = project.map { ", managed.es.io/project-id: \($0)" } ?? ""
        return """
            apiVersion: v1
            kind: Namespace
            metadata: {name: \(name), labels: {managed.es.io/resource: namespace\(project)}}
            """
    }

    @Test("Restarting the controller while 500 pods are created changes no address, duplicates none, leaks none")
    func restartDuringCreation() async throws {
        let client = sandbox.client()
        let router = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "e2e-restart")
        try await ControllerHarness.with(defaultNetwork: .init(neutronRouter: router.router.id, externalNetworkID: router.network.id)) { h in
            try await h.apply(Self.namespace("load"))
            let names = (0..<500).map { "p-\($0)" }
            let creator = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for chunk in stride(from: 0, to: names.count, by: 50).map({ Array(names[$0..<min($0 + 50, names.count)]) }) {
                        group.addTask {
                            for name in chunk {
                                _ = try await h.kube.create(Pod(metadata: ObjectMeta(name: name, namespace: "load"),
                                                                spec: ["containers": [["name": "c", "image": "busybox"]]]))
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // Crash the controller once some pods have their addresses.
            try await expectEventually(timeout: .seconds(60)) { try await allocated(h).count >= 100 }
            await h.stopController()
            let before = try await allocated(h)
            try await h.startController()
            try await creator.value
            try await expectEventually(timeout: .seconds(120)) { try await allocated(h).count == 500 }

            let after = try await allocated(h)
            for (pod, address) in before { #expect(after[pod] == address, "\(pod) moved from \(address) to \(after[pod] ?? "nothing")") }
            #expect(Set(after.values).count == 500, "an address was handed out twice")
            let records = try await h.kube.list(IP.self).items
            #expect(records.count == 500)
            for record in records {
                #expect(after[record.spec.podName ?? ""] == record.spec.v4IpAddress, "record \(record.metadata.name) disagrees")
            }
            try await expectEventually { try h.ownedRows("Logical_Switch_Port").filter { $0.hasSuffix(".load") }.count == 500 }

            // Deleting them all returns every address.
            let deleted = try await h.kubectl("delete", "pods", "--all", "-n", "load", "--wait=false")
            #expect(deleted.status == 0, "\(deleted)")
            try await expectEventually(timeout: .seconds(120)) {
                let ports = try h.ownedRows("Logical_Switch_Port").filter { $0.hasSuffix(".load") }
                let records = try await h.kube.list(IP.self).items
                return ports.isEmpty && records.isEmpty
            }
            try await expectEventually {
                (try await h.kube.get(SCNetAPI.Subnet.self, name: Defaults.subnet)).status?.v4UsingIPs == 0
            }
        }
    }

    @Test("A router port or pod port deleted by hand, and a Northbound restart, converge back")
    func convergence() async throws {
        let client = sandbox.client()
        let router = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "e2e-converge")
        try await ControllerHarness.with(defaultNetwork: .init(neutronRouter: router.router.id, externalNetworkID: router.network.id)) { h in
            try await h.apply(Self.namespace("conv") + """

                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: a, namespace: conv}
                spec: {containers: [{name: c, image: busybox}]}
                """)
            let pod = try await annotated(h, "conv", "a")
            let routerPort = NorthboundNames.routerPort(vpc: Defaults.vpc, subnet: Defaults.subnet)
            try await expectEventually { try h.nbctl("lrp-list", NorthboundNames.neutronRouter(router.router.id)).contains(routerPort) }

            // Someone (e.g. Neutron's repair sync) deletes our router port and a pod port.
            try h.nbctl("lrp-del", routerPort)
            try h.nbctl("lsp-del", "a.conv")
            try await expectEventually(timeout: .seconds(10)) {
                try h.nbctl("lrp-list", NorthboundNames.neutronRouter(router.router.id)).contains(routerPort)
                    && h.ownedRows("Logical_Switch_Port").contains("a.conv")
            }
            // Someone changes our port's addresses.
            try h.nbctl("lsp-set-addresses", "a.conv", "00:00:00:00:00:01 10.16.255.254")
            try await expectEventually(timeout: .seconds(10)) {
                try h.nbctl("get", "Logical_Switch_Port", "a.conv", "addresses").contains(pod.metadata.annotations[Annotation.ipAddress]!)
            }

            // Northbound dies; a pod is created meanwhile; Northbound comes back.
            let pidFile = h.sandbox.ovnDirectory.appendingPathComponent("nb.pid")
            let pid = try #require(Int32(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            kill(pid, SIGKILL)
            try? FileManager.default.removeItem(at: pidFile)
            try await h.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: b, namespace: conv}
                spec: {containers: [{name: c, image: busybox}]}
                """)
            let restarted = try runTool([OVNSandbox.script, "up", h.sandbox.ovnDirectory.path])
            #expect(restarted.status == 0, "\(restarted.output)")
            _ = try await annotated(h, "conv", "b", timeout: .seconds(30))
            try await expectEventually(timeout: .seconds(30)) { try h.ownedRows("Logical_Switch_Port").contains("b.conv") }
        }
    }

    @Test("The seed's Subnet naming test-vpc-2 waits with a did-you-mean condition and becomes Ready once the VPC exists")
    func unresolvedVpc() async throws {
        let client = sandbox.client()
        let router = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "e2e-seed")
        let second = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "e2e-seed-2")
        try await ControllerHarness.with { h in
            try await h.apply("""
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: test-vpc2}
                spec: {neutronRouter: \(router.router.id), externalNetworkID: \(router.network.id)}
                ---
                kind: Subnet
                apiVersion: kubeovn.io/v1
                metadata: {name: net192}
                spec: {vpc: test-vpc-2, cidrBlock: 192.168.100.0/24, natOutgoing: true}
                """)
            let condition = try await eventuallyValue { () -> Condition? in
                let subnet = try? await h.kube.get(SCNetAPI.Subnet.self, name: "net192")
                return subnet?.status?.conditions.first { $0.type == "Ready" && $0.reason == "VpcNotFound" }
            }
            #expect(condition?.message == "VPC \"test-vpc-2\" not found (did you mean \"test-vpc2\"?)", "\(String(describing: condition))")
            let events = try await h.kubectl("get", "events", "-n", "default")
            #expect(events.stdout.contains("did you mean"), "\(events)")

            try await h.apply("""
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: test-vpc-2}
                spec: {neutronRouter: \(second.router.id), externalNetworkID: \(second.network.id)}
                """)
            try await expectEventually {
                let subnet = try await h.kube.get(SCNetAPI.Subnet.self, name: "net192")
                return subnet.status?.conditions.first { $0.type == "Ready" }?.isTrue == true
            }
            #expect(try h.nbctl("lrp-list", NorthboundNames.neutronRouter(second.router.id)).contains("test-vpc-2-net192"))
        }
    }

    @Test("A Subnet with addresses in use is held by its finalizer with a condition, and goes once they are released")
    func subnetDeletionWaits() async throws {
        let client = sandbox.client()
        let router = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "e2e-finalizer")
        try await ControllerHarness.with { h in
            try await h.apply(Self.namespace("fin") + """

                ---
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: fin-vpc}
                spec: {neutronRouter: \(router.router.id), externalNetworkID: \(router.network.id)}
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: fin-net}
                spec: {vpc: fin-vpc, cidrBlock: 10.70.0.0/24}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: holder, namespace: fin, annotations: {ovn.kubernetes.io/logical_switch: fin-net}}
                spec: {containers: [{name: c, image: busybox}]}
                """)
            _ = try await annotated(h, "fin", "holder")
            let deleted = try await h.kubectl("delete", "subnet", "fin-net", "--wait=false")
            #expect(deleted.status == 0, "\(deleted)")
            let blocked = try await eventuallyValue { () -> Condition? in
                let subnet = try? await h.kube.get(SCNetAPI.Subnet.self, name: "fin-net")
                return subnet?.status?.conditions.first { $0.type == "Terminating" && $0.reason == "AddressesInUse" }
            }
            #expect(blocked?.message?.contains("holder.fin") == true, "\(String(describing: blocked))")
            #expect(try h.ownedRows("Logical_Switch").contains("fin-net"))

            _ = try await h.kubectl("delete", "pod", "holder", "-n", "fin", "--wait=false")
            try await expectEventually(timeout: .seconds(30)) {
                let gone = (try? await h.kube.get(SCNetAPI.Subnet.self, name: "fin-net")) == nil
                return try gone && !h.ownedRows("Logical_Switch").contains("fin-net")
            }
        }
    }
}

/// Pod name → address, for the pods of namespace `load` the controller annotated.
private func allocated(_ h: ControllerHarness) async throws -> [String: String] {
    var out: [String: String] = [:]
    for pod in try await h.kube.listAll(Pod.self, namespace: "load").items
    where pod.metadata.annotations[Annotation.allocated] == "true" {
        out[pod.metadata.name] = pod.metadata.annotations[Annotation.ipAddress]
    }
    return out
}
