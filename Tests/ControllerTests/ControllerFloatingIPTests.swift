import Foundation
import Kube
import Neutron
import OVN
import SCNetAPI
import TestSupport
import Testing

extension ControllerEndToEndTests {
    @Test("Tagged Neutron FIPs become Fips; pod SNAT and VM EIP get NAT rows and traces; deleting the workloads frees them")
    func floatingIPs() async throws {
        let client = sandbox.client()
        let router = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "e2e-fip")
        var pool: [FloatingIP] = []
        for tagged in [true, true, false] {
            let fip = try await client.createFloatingIP(FloatingIPCreate(floatingNetworkID: router.network.id))
            if tagged { try await client.addTag(FloatingIP.self, id: fip.id, tag: "scnet-pool") }
            pool.append(fip)
        }
        let snatIP = pool[0].floatingIPAddress, eipIP = pool[1].floatingIPAddress, snatID = pool[0].id
        try await ControllerHarness.with { h in
            try await h.apply(Self.namespace("fipns") + """

                ---
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: fip-vpc}
                spec: {neutronRouter: \(router.router.id), externalNetworkID: \(router.network.id), namespaces: [fipns], defaultSubnet: fip-net}
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: fip-net}
                spec: {vpc: fip-vpc, cidrBlock: 10.80.0.0/24, natOutgoing: true}
                """)
            // Only the tagged FIPs are in the container pool.
            try await expectEventually {
                let fips = try await h.kube.list(Fip.self).items
                return Set(fips.compactMap(\.spec.address)) == [snatIP, eipIP]
                    && fips.allSatisfy { $0.status?.phase == FipStatus.available }
            }
            try await h.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: egress, namespace: fipns, annotations: {ovn.kubernetes.io/snat: \(snatIP)}}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {name: vm, namespace: fipns}
                spec:
                  template:
                    metadata:
                      annotations: {ovn.kubernetes.io/eip: \(eipIP)}
                """)
            let pod = try await annotated(h, "fipns", "egress")
            let podIP = try #require(pod.metadata.annotations[Annotation.ipAddress])
            let vmRecord = try #require(try await eventuallyValue { try? await h.kube.get(IP.self, name: "vm.fipns") })
            let vmIP = try #require(vmRecord.spec.v4IpAddress)
            let lr = NorthboundNames.neutronRouter(router.router.id)
            try await expectEventually {
                let rows = try h.nbctl("--bare", "--columns=type,external_ip,logical_ip", "find", "NAT", "external_ids:scnet/kind=fip")
                    .components(separatedBy: "\n\n").map { $0.split(separator: "\n").joined(separator: " ") }
                return Set(rows.filter { !$0.isEmpty }) == ["snat \(snatIP) \(podIP)", "dnat_and_snat \(eipIP) \(vmIP)"]
            }
            #expect(try h.nbctl("lr-nat-list", lr).contains(snatIP))
            try await expectEventually {
                let fips = try await h.kube.list(Fip.self).items
                let users = Dictionary(uniqueKeysWithValues: fips.map { ($0.spec.address ?? "", $0.status?.usedBy?.name) })
                return users[snatIP] == "egress" && users[eipIP] == "vm"
                    && fips.allSatisfy { $0.status?.phase == FipStatus.inUse }
            }
            // Marked in Neutron as taken.
            let marked = try await client.floatingIP(id: snatID)
            #expect(marked.tags?.contains { $0.hasPrefix("scnet-user") } == true, "\(String(describing: marked.tags))")

            // The pod leaves with its FIP (more specific than the subnet's SNAT).
            let tracer = Tracer(harness: h)
            try await tracer.learnExternalNextHop(routerID: router.router.id)
            // The subnet's router port may follow the pod's address (a separate step of its reconcile).
            let routerMAC = try #require(try await eventuallyValue { () -> String? in
                let mac = try h.nbctl("get", "Logical_Router_Port", "fip-vpc-fip-net", "mac").trimmingCharacters(in: CharacterSet(charactersIn: "\"\n"))
                return mac.isEmpty ? nil : mac
            }, "the subnet's router port fip-vpc-fip-net never appeared")
            let out = try await eventuallyValue { () -> String? in
                let t = try? tracer.trace(from: "egress.fipns", subnet: "fip-net", mac: pod.metadata.annotations[Annotation.macAddress]!,
                                          ip: podIP, routerMAC: routerMAC, to: "8.8.8.8")
                return t?.contains("ct_snat") == true ? t : nil
            }
            #expect(out?.contains("(\(snatIP))") == true, "\(out ?? "no SNAT in trace")")
            // Traffic to the EIP reaches the VM's port.
            // The VM's dnat_and_snat row reaches SB flows on ovn-northd's time, not with the pod's SNAT.
            var toVM = ""
            let reached = await eventually(timeout: .seconds(20), interval: .milliseconds(100)) {
                toVM = (try? tracer.traceInbound(routerID: router.router.id, externalNetworkID: router.network.id, to: eipIP)) ?? ""
                return toVM.contains("output to \"vm.fipns\"")
            }
            #expect(reached, "\(toVM)")

            // Deleting the workloads frees the FIPs, rows and marks.
            _ = try await h.kubectl("delete", "pod", "egress", "-n", "fipns", "--wait=false")
            _ = try await h.kubectl("delete", "vm", "vm", "-n", "fipns", "--wait=false")
            try await expectEventually(timeout: .seconds(30)) {
                let fips = try await h.kube.list(Fip.self).items
                let rows = try h.ownedRows("NAT").filter { $0.hasPrefix("fip-") }
                return rows.isEmpty && fips.allSatisfy { $0.status?.phase == FipStatus.available }
            }
            // The Neutron mark goes after the Fip is released.
            var unmarked = try await client.floatingIP(id: snatID)
            let cleared = try await eventually(timeout: .seconds(20), interval: .milliseconds(100)) {
                unmarked = try await client.floatingIP(id: snatID)
                return unmarked.tags?.contains { $0.hasPrefix("scnet-user") } != true
            }
            #expect(cleared, "\(String(describing: unmarked.tags))")
        }
    }
}
