import Foundation
import Kube
import Neutron
import OVN
import SCNetAPI
import TestSupport
import Testing

/// The controller against real OVN, a real Neutron, the embedded API and `kubectl` (issue #7).
@Suite("Controller end to end", .neutronSandbox, .serialized, .timeLimit(.minutes(5)))
struct ControllerEndToEndTests {
    var sandbox: NeutronSandbox { NeutronSandbox.current! }

    @Test("A VPC on a Neutron router, two subnets, pods and a VM: NB, records, annotations and traces agree; deleting all leaves nothing")
    func fullPicture() async throws {
        let client = sandbox.client()
        let defaultRouter = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "e2e-default")
        let vpcRouter = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "e2e-vpc-a")
        try await ControllerHarness.with(defaultNetwork: .init(
            neutronRouter: defaultRouter.router.id, externalNetworkID: defaultRouter.network.id)
        ) { h in
            try await h.apply("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns-a, labels: {managed.es.io/resource: namespace, managed.es.io/project-id: p1}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns-b, labels: {managed.es.io/resource: namespace}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns-free}
                ---
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: vpc-a}
                spec:
                  neutronRouter: \(vpcRouter.router.id)
                  externalNetworkID: \(vpcRouter.network.id)
                  namespaces: [ns-a]
                  defaultSubnet: a-web
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: a-web}
                spec: {vpc: vpc-a, cidrBlock: 10.50.1.0/24, natOutgoing: true}
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: a-db}
                spec: {vpc: vpc-a, cidrBlock: 10.50.2.0/24, projectIDs: [p1]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-1, namespace: ns-a}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: db-1, namespace: ns-a, annotations: {ovn.kubernetes.io/logical_switch: a-db, ovn.kubernetes.io/ip_address: 10.50.2.50}}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: other-1, namespace: ns-b}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: free-1, namespace: ns-free}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {name: vm-1, namespace: ns-a}
                spec:
                  template:
                    metadata:
                      annotations: {ovn.kubernetes.io/logical_switch: a-web}
                """)
            // A project that the subnet excludes is refused at admission.
            let refused = try await h.kubectl("apply", "-f", "-", stdin: """
                apiVersion: v1
                kind: Pod
                metadata: {name: intruder, namespace: ns-b, annotations: {ovn.kubernetes.io/logical_switch: a-db}}
                spec: {containers: [{name: c, image: busybox}]}
                """)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("reserved to projects p1"), "\(refused)")

            let web = try await annotated(h, "ns-a", "web-1")
            let db = try await annotated(h, "ns-a", "db-1")
            let other = try await annotated(h, "ns-b", "other-1")
            let vmRecord = try #require(try await eventuallyValue { try? await h.kube.get(IP.self, name: "vm-1.ns-a") })

            // Subnet choice and static address.
            #expect(web.metadata.annotations[Annotation.logicalSwitch] == "a-web")
            #expect(web.metadata.annotations[Annotation.logicalRouter] == "vpc-a")
            #expect(web.metadata.annotations[Annotation.cidr] == "10.50.1.0/24")
            #expect(web.metadata.annotations[Annotation.gateway] == "10.50.1.1")
            #expect(db.metadata.annotations[Annotation.ipAddress] == "10.50.2.50")
            #expect(other.metadata.annotations[Annotation.logicalSwitch] == Defaults.subnet)
            #expect(vmRecord.spec.subnet == "a-web")
            #expect(vmRecord.spec.podType == "VirtualMachine")

            // IP records agree with the annotations.
            for pod in [web, db, other] {
                let record = try await h.kube.get(IP.self, name: "\(pod.metadata.name).\(pod.metadata.namespace!)")
                #expect(record.spec.v4IpAddress == pod.metadata.annotations[Annotation.ipAddress])
                #expect(record.spec.macAddress == pod.metadata.annotations[Annotation.macAddress])
            }
            #expect((try? await h.kube.get(IP.self, name: "free-1.ns-free")) == nil, "unmanaged namespace got an address")

            // NB: exactly our switches, ports, router ports and SNAT rows.
            try await expectEventually { try h.ownedRows("Logical_Switch") == ["a-db", "a-web", "ovn-default"] }
            try await expectEventually {
                try h.ownedRows("Logical_Switch_Port") == [
                    "a-db-vpc-a", "a-web-vpc-a", "db-1.ns-a", "other-1.ns-b", "ovn-default-ovn-cluster", "vm-1.ns-a", "web-1.ns-a",
                ]
            }
            let vpcLR = NorthboundNames.neutronRouter(vpcRouter.router.id)
            let defaultLR = NorthboundNames.neutronRouter(defaultRouter.router.id)
            let vpcPorts = try h.nbctl("lrp-list", vpcLR)
            #expect(vpcPorts.contains("vpc-a-a-web") && vpcPorts.contains("vpc-a-a-db"), "\(vpcPorts)")
            #expect(try h.nbctl("get", "Logical_Router_Port", "vpc-a-a-web", "networks").contains("10.50.1.1/24"))
            #expect(try h.nbctl("lrp-list", defaultLR).contains("ovn-cluster-ovn-default"))
            // The SNAT row follows the router port in its own transaction.
            var nats = ""
            let natted = try await eventually(timeout: .seconds(20), interval: .milliseconds(100)) {
                nats = try h.nbctl("lr-nat-list", vpcLR)
                return nats.contains("snat") && nats.contains(vpcRouter.gateway) && nats.contains("10.50.1.0/24")
            }
            #expect(natted, "no SNAT of 10.50.1.0/24 to \(vpcRouter.gateway): \(nats)")
            #expect(!nats.contains("10.50.2.0/24"), "a-db has no natOutgoing: \(nats)")
            let webAddresses = try h.nbctl("get", "Logical_Switch_Port", "web-1.ns-a", "addresses")
            #expect(webAddresses.contains(web.metadata.annotations[Annotation.macAddress]!)
                && webAddresses.contains(web.metadata.annotations[Annotation.ipAddress]!))
            #expect(try h.nbctl("get", "Logical_Switch_Port", "web-1.ns-a", "port_security") == webAddresses)

            // Subnet status counts.
            try await expectEventually {
                let subnet = try await h.kube.get(SCNetAPI.Subnet.self, name: "a-web")
                return subnet.status?.v4UsingIPs == 2 && subnet.status?.conditions.first { $0.type == "Ready" }?.isTrue == true
            }
            // The VPC lists its subnets once each has become Ready and queued it.
            var vpc = try await h.kube.get(Vpc.self, name: "vpc-a")
            let listed = try await eventually(timeout: .seconds(20), interval: .milliseconds(100)) {
                vpc = try await h.kube.get(Vpc.self, name: "vpc-a")
                return vpc.status?.subnets == ["a-db", "a-web"]
            }
            #expect(listed, "\(String(describing: vpc.status))")
            #expect(vpc.status?.router == vpcLR)
            #expect(vpc.status?.defaultLogicalSwitch == "a-web")

            // Traces: routed across the VPC's subnets, SNATed out, isolated from the other VPC.
            let tracer = Tracer(harness: h)
            let routerMAC = try h.nbctl("get", "Logical_Router_Port", "vpc-a-a-web", "mac").trimmingCharacters(in: CharacterSet(charactersIn: "\"\n"))
            let webMAC = web.metadata.annotations[Annotation.macAddress]!, webIP = web.metadata.annotations[Annotation.ipAddress]!
            // ovn-northd turns the NB rows into SB flows on its own time: trace until they are there.
            var toDB = ""
            let routed = await eventually(timeout: .seconds(20), interval: .milliseconds(100)) {
                toDB = (try? tracer.trace(from: "web-1.ns-a", subnet: "a-web", mac: webMAC, ip: webIP, routerMAC: routerMAC, to: "10.50.2.50")) ?? ""
                return toDB.contains("output to \"db-1.ns-a\"")
            }
            #expect(routed, "\(toDB)")
            try await tracer.learnExternalNextHop(routerID: vpcRouter.router.id)
            let out = try await eventuallyValue { () -> String? in
                let t = try? tracer.trace(from: "web-1.ns-a", subnet: "a-web", mac: webMAC, ip: webIP, routerMAC: routerMAC, to: "8.8.8.8")
                return t?.contains("ct_snat") == true ? t : nil
            }
            #expect(out?.contains("ct_snat_in_czone(\(vpcRouter.gateway))") == true || out?.contains("ct_snat(\(vpcRouter.gateway))") == true,
                    "\(out ?? "no SNAT in trace")")
            let toOther = try tracer.trace(
                from: "web-1.ns-a", subnet: "a-web", mac: webMAC, ip: webIP, routerMAC: routerMAC,
                to: other.metadata.annotations[Annotation.ipAddress]!)
            #expect(!toOther.contains("output to \"other-1.ns-b\""), "a path between VPCs: \(toOther)")

            // Deleting everything leaves no row of ours and no IP record.
            for args in [["delete", "pods", "--all", "-n", "ns-a"], ["delete", "pods", "--all", "-n", "ns-b"],
                         ["delete", "vm", "--all", "-n", "ns-a"], ["delete", "subnets", "--all"], ["delete", "vpcs", "--all"]] {
                let r = try await h.kubectl.run(args, deadline: .seconds(30))
                #expect(r.status == 0, "\(r)")
            }
            try await expectEventually(timeout: .seconds(30)) {
                let rows = try ["Logical_Switch", "Logical_Switch_Port", "Logical_Router_Port", "NAT", "Gateway_Chassis"]
                    .flatMap { try h.ownedRows($0) }
                let records = try await h.kube.list(IP.self).items
                return rows.isEmpty && records.isEmpty
            }
            // Neutron's own rows are untouched.
            #expect(try h.nbctl("lrp-list", vpcLR).contains("lrp-"))
        }
    }
}

