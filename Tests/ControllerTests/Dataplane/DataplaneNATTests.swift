import Foundation
import Neutron
import SCNetAPI
import TestSupport
import Testing

extension DataplaneTests {
    @Test("natOutgoing pods reach the outside from the SNAT address, a pod's FIP is its source, a VM's EIP is reached from outside; the host reaches a custom-VPC pod directly and through a NodePort-style DNAT")
    func externalAndHostAccess() async throws {
        let client = sandbox.client()
        let router = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "dp-nat")
        var pool: [FloatingIP] = []
        for _ in 0..<2 {
            let fip = try await retryingServerErrors(find: { nil }) {
                try await client.createFloatingIP(FloatingIPCreate(floatingNetworkID: router.network.id))
            }
            try await client.addTag(FloatingIP.self, id: fip.id, tag: "scnet-pool")
            pool.append(fip)
        }
        let snatIP = pool[0].floatingIPAddress, eipIP = pool[1].floatingIPAddress
        try await DataplaneWorld.with(name: "dpn") { w in
            try await w.h.apply("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: dp-n, labels: {managed.es.io/resource: namespace}}
                ---
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: dp-vpc-n}
                spec: {neutronRouter: \(router.router.id), externalNetworkID: \(router.network.id), namespaces: [dp-n], defaultSubnet: dp-n1, gatewayNode: \(w.node.name)}
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: dp-n1}
                spec: {vpc: dp-vpc-n, cidrBlock: 10.62.1.0/24, natOutgoing: true}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: plain, namespace: dp-n}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: fipped, namespace: dp-n, annotations: {ovn.kubernetes.io/snat: \(snatIP)}}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {name: vm1, namespace: dp-n}
                spec:
                  template:
                    metadata:
                      annotations: {ovn.kubernetes.io/eip: \(eipIP)}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: virt-launcher-vm1-x, namespace: dp-n, labels: {vm.kubevirt.io/name: vm1}}
                spec: {containers: [{name: compute, image: busybox}]}
                """)
            let (plain, plainIP) = try await w.plug("dp-n", "plain")
            let (fipped, _) = try await w.plug("dp-n", "fipped")
            let (launcher, launcherIP) = try await w.plug("dp-n", "virt-launcher-vm1-x")
            let vmRecord = try await w.h.kube.get(IP.self, name: "vm1.dp-n")
            #expect(launcherIP == vmRecord.spec.v4IpAddress, "the launcher pod carries the VM's address (S12)")

            let outside = try OutsideHost.attach(to: w.node, address: "172.24.4.250/24")
            defer { outside.remove() }
            let outsideServer = try TrafficTools.serve(in: outside.netns, port: 8080, workDir: w.h.directory)
            defer { outsideServer.stop() }

            // natOutgoing: seen from the router's gateway address (the VPC's SNAT address).
            var seen: String?
            #expect(try await expectEventually(timeout: .seconds(30)) {
                seen = try TrafficTools.peer(from: plain.name, to: "172.24.4.250", port: 8080)
                return seen == router.gateway
            }, "natOutgoing pod seen from \(seen ?? "nothing"), expected \(router.gateway)")
            if seen != router.gateway {
                let lr = "neutron-\(router.router.id)"
                print("NAT debug:\n" + (try w.h.nbctl("show", lr)) + (try w.h.nbctl("lr-nat-list", lr)) + (try w.h.nbctl("lr-route-list", lr))
                      + (try runTool(["ovn-sbctl", "--db=\(sandbox.southbound)", "show"]).output)
                      + (try runTool(["ovn-nbctl", "--db=\(sandbox.northbound)", "list", "Gateway_Chassis"]).output)
                      + (try w.node.exec(["ovs-vsctl", "--db=unix:\(w.node.directory.path)/db.sock", "show"]))
                      + (try runTool(["ip", "netns", "exec", plain.name, "ping", "-c1", "-W1", "-n", "172.24.4.250"]).output)
                      + (try runTool(["ip", "netns", "exec", outside.netns, "ip", "neigh"]).output))
            }
            // ovn.kubernetes.io/snat: seen from its floating IP.
            #expect(try await expectEventually(timeout: .seconds(30)) {
                seen = try TrafficTools.peer(from: fipped.name, to: "172.24.4.250", port: 8080)
                return seen == snatIP
            }, "FIP pod seen from \(seen ?? "nothing"), expected \(snatIP)")
            // eip: the VM (its launcher pod) is reached from outside at the EIP.
            let vmServer = try TrafficTools.serve(in: launcher.name, port: 8080, workDir: w.h.directory)
            defer { vmServer.stop() }
            #expect(try await expectEventually(timeout: .seconds(30)) {
                seen = try TrafficTools.peer(from: outside.netns, to: eipIP, port: 8080)
                return seen == "172.24.4.250"
            }, "outside → EIP \(eipIP): \(seen ?? "no answer")")

            // Host access (S5): the node reaches a pod of a custom VPC, directly and through DNAT.
            let podServer = try TrafficTools.serve(in: plain.name, port: 8081, workDir: w.h.directory)
            defer { podServer.stop() }
            let nodeJoinIP = try #require(try await w.h.kube.get(Node.self, name: w.node.name).metadata.annotations[Annotation.ipAddress])
            #expect(try await expectEventually(timeout: .seconds(20)) {
                try TrafficTools.peer(from: w.node.netns, to: plainIP, port: 8081) == nodeJoinIP
            }, "node → pod \(plainIP):8081 (a probe)")
            try w.node.exec(["iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-m", "addrtype", "--dst-type", "LOCAL",
                             "--dport", "30080", "-j", "DNAT", "--to-destination", "\(plainIP):8081"])
            #expect(try await expectEventually(timeout: .seconds(10)) {
                try TrafficTools.peer(from: w.node.netns, to: nodeJoinIP, port: 30080) != nil
            }, "NodePort-style DNAT \(nodeJoinIP):30080 → \(plainIP):8081")

            for (name, sandbox) in [("plain", plain), ("fipped", fipped), ("virt-launcher-vm1-x", launcher)] {
                try await w.unplug("dp-n", name, sandbox)
            }
        }
        for fip in pool { await tidy { try await client.deleteFloatingIP(id: fip.id) } }
    }
}
