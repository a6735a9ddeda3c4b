import Foundation
import OVSDB
import Testing
import TestSupport

@testable import OVN

@Suite("typed Northbound against a real OVN", .serialized)
struct NorthboundIntegrationTests {
    @Test("switches, ports, routers, router ports, NAT and gateway chassis: create, read, update, delete, cross-checked with ovn-nbctl")
    func crud() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        try ovn.sbctl("chassis-add", "gw1", "geneve", "127.0.0.1")
        try await withClient([try Remote(ovn.northbound)], monitoring: NorthboundTables.all) { client in
            typealias NB = NorthboundOperations
            _ = try await client.transact(NB.createSwitch("net1"))
            _ = try await client.transact(NB.addSwitchPort("net1", name: "pod-a", addresses: ["0a:00:00:00:00:02 10.0.1.2"]))
            _ = try await client.transact(NB.createRouter("vpc1"))
            _ = try await client.transact(NB.connect(switch: "net1", toRouter: "vpc1", mac: "0a:00:00:00:00:01", network: "10.0.1.1/24"))
            _ = try await client.transact(NB.addRouterPort("vpc1", name: "vpc1-ext", mac: "0a:00:00:00:01:01", networks: ["172.16.0.10/24"]))
            _ = try await client.transact(NB.setGatewayChassis("vpc1-ext", chassisName: "gw1", priority: 10))
            _ = try await client.transact(NB.addNAT("vpc1", type: "snat", externalIP: "172.16.0.10", logicalIP: "10.0.1.0/24", name: "snat-net1"))
            _ = try await client.transact(NB.addNAT("vpc1", type: "dnat_and_snat", externalIP: "172.16.0.20", logicalIP: "10.0.1.2", name: "eip-a"))

            // ovn-nbctl sees what we wrote.
            #expect(try ovn.nbctl("ls-list").contains("net1"))
            #expect(try ovn.nbctl("lsp-list", "net1").contains("pod-a"))
            #expect(try ovn.nbctl("lsp-get-addresses", "pod-a").contains("10.0.1.2"))
            #expect(try ovn.nbctl("lrp-list", "vpc1").contains("lrp-vpc1-net1"))
            #expect(try ovn.nbctl("lsp-get-type", "lsp-net1-vpc1").contains("router"))
            #expect(try ovn.nbctl("lrp-get-gateway-chassis", "vpc1-ext").contains("gw1"))
            let natList = try ovn.nbctl("lr-nat-list", "vpc1")
            #expect(natList.contains("snat") && natList.contains("10.0.1.0/24") && natList.contains("172.16.0.20"))
            #expect(try nbctlFind(ovn, "Logical_Switch_Port", column: "name", "external_ids:scnet/owner=scnet").count == 2)

            // The replica, read through the typed model, agrees.
            #expect(await eventually { client.replica.all(NAT.self).count == 2 })
            let replica = client.replica
            let net1 = try #require(replica.named(LogicalSwitch.self, "net1"))
            #expect(net1.ports.count == 2)
            #expect(Ownership.isOwned(net1.externalIDs))
            let router = try #require(replica.named(LogicalRouter.self, "vpc1"))
            #expect(router.ports.count == 2 && router.nat.count == 2)
            let ext = try #require(replica.named(LogicalRouterPort.self, "vpc1-ext"))
            let gatewayUUID = try #require(ext.gatewayChassis.first)
            let gateway = try #require(replica.row(GatewayChassis.self, uuid: gatewayUUID))
            #expect(gateway.chassisName == "gw1" && gateway.priority == 10)
            let eip = try #require(replica.all(NAT.self).first { $0.type == "dnat_and_snat" })
            #expect(eip.externalIP == "172.16.0.20" && eip.logicalIP == "10.0.1.2")

            // Creating again is refused by the guard, not duplicated.
            await #expect(throws: OVSDBError.self) { _ = try await client.transact(NB.createSwitch("net1")) }
            #expect(try ovn.nbctl("ls-list").components(separatedBy: "(net1)").count == 2)

            // Update.
            let pod = try #require(replica.named(LogicalSwitchPort.self, "pod-a"))
            _ = try await client.transact([.update(LogicalSwitchPort.table, where: [.uuid(pod.uuid)],
                                                   row: ["addresses": .strings(["0a:00:00:00:00:02 10.0.1.3"])])])
            #expect(try ovn.nbctl("lsp-get-addresses", "pod-a").contains("10.0.1.3"))
            #expect(await eventually { client.replica.named(LogicalSwitchPort.self, "pod-a")?.addresses == ["0a:00:00:00:00:02 10.0.1.3"] })

            // Delete.
            _ = try await client.transact(NB.removeNAT("vpc1", natUUID: eip.uuid))
            _ = try await client.transact(NB.removeGatewayChassis("vpc1-ext", gatewayChassisUUID: gateway.uuid))
            _ = try await client.transact(NB.removeSwitchPort("net1", portUUID: pod.uuid))
            #expect(!(try ovn.nbctl("lr-nat-list", "vpc1").contains("172.16.0.20")))
            #expect(try ovn.nbctl("lrp-get-gateway-chassis", "vpc1-ext").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            #expect(!(try ovn.nbctl("lsp-list", "net1").contains("pod-a")))
            _ = try await client.transact(NB.deleteRouter("vpc1"))
            _ = try await client.transact(NB.deleteSwitch("net1"))
            #expect(try ovn.nbctl("show").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            #expect(await eventually { client.replica.all(LogicalSwitchPort.self).isEmpty && client.replica.all(NAT.self).isEmpty })
        }
    }

    @Test("the Southbound chassis, encap and port binding read through the typed model")
    func southbound() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        try ovn.sbctl("chassis-add", "node1", "geneve", "127.0.0.2")
        try ovn.nbctl("ls-add", "s1")
        try ovn.nbctl("lsp-add", "s1", "p1")
        try await withClient([try Remote(ovn.southbound)], database: "OVN_Southbound", monitoring: NorthboundTables.southbound) { client in
            #expect(await eventually { client.replica.all(PortBinding.self).contains { $0.logicalPort == "p1" } })
            let chassis = try #require(client.replica.named(Chassis.self, "node1"))
            let encapUUID = try #require(chassis.encaps.first)
            let encap = try #require(client.replica.row(Encap.self, uuid: encapUUID))
            #expect(encap.ip == "127.0.0.2" && encap.type == "geneve")
        }
    }
}
