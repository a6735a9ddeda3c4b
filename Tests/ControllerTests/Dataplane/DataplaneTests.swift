import Foundation
import Neutron
import SCNetAPI
import TestSupport
import Testing

/// The dataplane (issue #14) on real Open vSwitch and ovn-controller: pods plugged through the
/// real `scnet-cni` into a node run by `scnet agent`, on OVN programmed by the controller and
/// Neutron. Traffic stays inside namespaces the tests made.
@Suite("Dataplane", .neutronSandboxWithoutGatewayChassis, .serialized, .timeLimit(.minutes(6)))
struct DataplaneTests {
    var sandbox: NeutronSandbox { NeutronSandbox.current! }

    @Test("Pods ping within a subnet, across two subnets of a VPC and to a Neutron port on the same router; two VPCs cannot reach each other")
    func connectivityAndIsolation() async throws {
        let client = sandbox.client()
        let routerA = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "dp-vpc-a")
        let routerB = try await NeutronTopology.shared.router(client, sandbox: sandbox.neutronURL, name: "dp-vpc-b")
        try await DataplaneWorld.with(name: "dpc") { w in
            try await w.h.apply("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: dp-a, labels: {managed.es.io/resource: namespace}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: dp-b, labels: {managed.es.io/resource: namespace}}
                ---
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: dp-vpc-a}
                spec: {neutronRouter: \(routerA.router.id), externalNetworkID: \(routerA.network.id), namespaces: [dp-a], defaultSubnet: dp-a1, gatewayNode: \(w.node.name)}
                ---
                apiVersion: kubeovn.io/v1
                kind: Vpc
                metadata: {name: dp-vpc-b}
                spec: {neutronRouter: \(routerB.router.id), externalNetworkID: \(routerB.network.id), namespaces: [dp-b], defaultSubnet: dp-b1, gatewayNode: \(w.node.name)}
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: dp-a1}
                spec: {vpc: dp-vpc-a, cidrBlock: 10.60.1.0/24}
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: dp-a2}
                spec: {vpc: dp-vpc-a, cidrBlock: 10.60.2.0/24}
                ---
                apiVersion: kubeovn.io/v1
                kind: Subnet
                metadata: {name: dp-b1}
                spec: {vpc: dp-vpc-b, cidrBlock: 10.61.1.0/24}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p1, namespace: dp-a}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p2, namespace: dp-a}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p3, namespace: dp-a, annotations: {ovn.kubernetes.io/logical_switch: dp-a2}}
                spec: {containers: [{name: c, image: busybox}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: q1, namespace: dp-b}
                spec: {containers: [{name: c, image: busybox}]}
                """)
            let (p1, p1IP) = try await w.plug("dp-a", "p1")
            let (p2, p2IP) = try await w.plug("dp-a", "p2")
            let (p3, p3IP) = try await w.plug("dp-a", "p3")
            let (q1, q1IP) = try await w.plug("dp-b", "q1")
            #expect(p1IP.hasPrefix("10.60.1.") && p2IP.hasPrefix("10.60.1.") && p3IP.hasPrefix("10.60.2.") && q1IP.hasPrefix("10.61.1."))

            // The pod end is configured as the annotations say (MAC, MTU, address, route, tx offload off).
            let link = try p1.exec(["ip", "-o", "link", "show", "eth0"]).output
            #expect(link.contains("mtu 1400"), "\(link)")
            let route = try p1.exec(["ip", "route", "show", "default"]).output
            #expect(route.contains("via 10.60.1.1"), "\(route)")

            #expect(try await expectEventually(timeout: .seconds(15)) { try p1.pings(p2IP) }, "p1 → p2 (same subnet)")
            #expect(try await expectEventually(timeout: .seconds(15)) { try p1.pings(p3IP) }, "p1 → p3 (other subnet, same VPC)")
            #expect(try await expectEventually(timeout: .seconds(15)) { try p3.pings(p1IP) }, "p3 → p1")

            // A Neutron "VM": a port on a Neutron network of router A, bound to this node by hand.
            let network = try await retryingServerErrors(find: { try await client.networks(NeutronQuery().filter("name", "dp-neutron-net")).first }) {
                try await client.createNetwork(NetworkCreate(name: "dp-neutron-net"))
            }
            let subnet = try await retryingServerErrors(find: { try await client.subnets(NeutronQuery().filter("name", "dp-neutron-v4")).first }) {
                try await client.createSubnet(SubnetCreate(networkID: network.id, cidr: "10.60.9.0/24", name: "dp-neutron-v4", enableDHCP: false))
            }
            _ = try await client.addRouterInterface(routerID: routerA.router.id, .subnet(subnet.id))
            let port = try await retryingServerErrors(find: { try await client.ports(NeutronQuery().filter("name", "dp-vm")).first }) {
                try await client.createPort(PortCreate(networkID: network.id, name: "dp-vm", portSecurityEnabled: false))
            }
            let vmIP = port.fixedIPs.first?.ipAddress ?? ""
            let vm = try w.sandbox()
            defer { vm.delete() }
            try w.plugByHand(vm, iface: port.id, mac: port.macAddress ?? "", address: "\(vmIP)/24", gateway: "10.60.9.1")
            #expect(try await expectEventually(timeout: .seconds(20)) { try p1.pings(vmIP) }, "p1 → Neutron VM \(vmIP)")
            #expect(try await expectEventually(timeout: .seconds(10)) { try vm.pings(p3IP) }, "Neutron VM → p3")

            // Isolation: the other VPC is unreachable, both ways, while its own pods answer.
            #expect(try await expectEventually(timeout: .seconds(10)) { try q1.pings("10.61.1.1") }, "q1 → its gateway")
            for _ in 0..<3 {
                #expect(try !p1.pings(q1IP), "p1 (VPC a) reached q1 (VPC b)")
                #expect(try !q1.pings(p1IP), "q1 (VPC b) reached p1 (VPC a)")
            }
            // Both VPC routers sit on the join switch: its ACL lets a node reach VPC b's router
            // there, but not VPC a's pods (router to router).
            let vpcB = try await w.h.kube.get(Vpc.self, name: "dp-vpc-b")
            let joinB = try #require(vpcB.status?.joinAddress, "VPC b has no status.joinAddress")
            #expect(try await expectEventually(timeout: .seconds(10)) {
                try w.node.exec(["ping", "-n", "-c", "1", "-W", "1", joinB]).contains(" 0% packet loss")
            }, "the node cannot reach VPC b's router on join (\(joinB))")
            #expect(try !p1.pings(joinB), "p1 (VPC a) reached VPC b's router through the join switch")

            try w.unplugByHand(vm)
            for (ns, name, sandbox) in [("dp-a", "p1", p1), ("dp-a", "p2", p2), ("dp-a", "p3", p3), ("dp-b", "q1", q1)] {
                try await w.unplug(ns, name, sandbox)
            }
            let leftPorts = try w.pluggedInterfaces(), leftVeths = try w.hostVeths()
            #expect(leftPorts.isEmpty, "OVS ports left: \(leftPorts)")
            #expect(leftVeths.isEmpty, "veths left: \(leftVeths)")
            // Neutron's objects go with the suite's sandbox; tidy up, but a 500 from Neutron on
            // SQLite under load is no failure of ours.
            await tidy { _ = try await client.removeRouterInterface(routerID: routerA.router.id, .subnet(subnet.id)) }
            await tidy { try await client.deletePort(id: port.id) }
            await tidy { try await client.deleteNetwork(id: network.id) }
        }
    }
}

/// Runs a clean-up call, again after a failure (up to 4 times), and never fails the test.
func tidy(_ call: () async throws -> Void) async {
    for attempt in 1...4 {
        do {
            try await call()
            return
        } catch {
            try? await Task.sleep(for: .milliseconds(300 * attempt))
        }
    }
}

extension DataplaneWorld {
    /// Plugs `sandbox` into the node's `br-int` as the notes' shell recipe does, bound to logical port `iface`.
    func plugByHand(_ sandbox: PodSandbox, iface: String, mac: String, address: String, gateway: String) throws {
        let host = "scnv\(sandbox.name.suffix(8))"
        try node.exec(["ip", "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", sandbox.name])
        _ = try sandbox.exec(["ip", "link", "set", "eth0", "address", mac, "mtu", "1400", "up"])
        _ = try sandbox.exec(["ip", "addr", "add", address, "dev", "eth0"])
        _ = try sandbox.exec(["ip", "route", "add", "default", "via", gateway])
        _ = try sandbox.exec(["ethtool", "-K", "eth0", "tx", "off"])
        try node.exec(["ip", "link", "set", host, "mtu", "1400", "up"])
        try node.exec(["ovs-vsctl", "--db=unix:\(node.directory.path)/db.sock", "add-port", "br-int", host, "--",
                       "set", "interface", host, "external_ids:iface-id=\(iface)"])
    }

    func unplugByHand(_ sandbox: PodSandbox) throws {
        let host = "scnv\(sandbox.name.suffix(8))"
        try node.exec(["ovs-vsctl", "--db=unix:\(node.directory.path)/db.sock", "--if-exists", "del-port", "br-int", host])
        try node.exec(["ip", "link", "del", host])
    }
}
