import Foundation
@testable import Controller
import Neutron
import OVN
import OVSDB
import SCNetAPI
import Testing

@Suite("Floating IP decisions (no servers)")
struct FloatingIPDecisionTests {
    static func use(_ workload: String, _ kind: FloatingIPUse.Kind = .snat, address: String = "172.24.4.30", at time: String? = nil) -> FloatingIPUse {
        FloatingIPUse(
            workload: workload, kind: kind, address: address, logicalIP: "10.0.0.\(workload.count)",
            logicalPort: workload.split(separator: "/").reversed().joined(separator: "."), router: "neutron-r1", createdAt: time)
    }

    static func fip(address: String = "172.24.4.30", holder: FipUser? = nil) -> Fip {
        var status = FipStatus(phase: holder == nil ? FipStatus.available : FipStatus.inUse, usedBy: holder, usage: holder == nil ? nil : "snat")
        status.conditions = []
        return Fip(
            metadata: ObjectMeta(name: FloatingIPNames.fip(address: address)),
            spec: FipSpec(address: address, floatingIPID: "f1", externalNetworkID: "n1", projectID: "p"), status: status)
    }

    static func neutron(port: String? = nil) throws -> FloatingIP {
        let json = """
            {"id":"f1","floating_ip_address":"172.24.4.30","floating_network_id":"n1","port_id":\(port.map { "\"\($0)\"" } ?? "null"),"tags":[]}
            """
        return try JSONDecoder().decode(FloatingIP.self, from: Data(json.utf8))
    }

    @Test("Fip names follow examples/: fip-172-35-0-18; IPv6 colons become dashes")
    func names() {
        #expect(FloatingIPNames.fip(address: "172.35.0.18") == "fip-172-35-0-18")
        #expect(FloatingIPNames.fip(address: "2001:db8::5") == "fip-2001-db8--5")
        #expect(FloatingIPNames.fip(address: "2001:db8::") == "fip-2001-db8--0")
        #expect(FloatingIPNames.userTag(FipUser(kind: "Pod", namespace: "ns", name: "web")) == "scnet-user.ns.web")
        let long = FloatingIPNames.userTag(FipUser(kind: "Pod", namespace: "namespace", name: String(repeating: "x", count: 80)))
        #expect(long.utf8.count <= 60 && long.hasPrefix("scnet-user.namespace.xx"))
        #expect(long != FloatingIPNames.userTag(FipUser(kind: "Pod", namespace: "namespace", name: String(repeating: "x", count: 81))))
    }

    @Test("the oldest asker wins a free floating IP; the others are refused as taken, naming the winner")
    func oldestWins() throws {
        let uses = [Self.use("a/new", at: "2025-01-02T00:00:00Z"), Self.use("b/old", at: "2025-01-01T00:00:00Z"), Self.use("c/none")]
        let d = FloatingIPClaimDecision.decide(address: "172.24.4.30", fip: Self.fip(), neutron: try Self.neutron(), uses: uses)
        #expect(d.winner?.workload == "b/old")
        #expect(d.refused.map(\.0.workload) == ["a/new", "c/none"])
        #expect(d.refused.allSatisfy { $0.1.reason == .taken && $0.1.message.contains("Pod/b/old") })
        #expect(d.conflict == nil)
    }

    @Test("the current holder keeps its floating IP against an older asker")
    func holderKeeps() throws {
        let holder = Self.use("z/holder", at: "2025-03-01T00:00:00Z")
        let uses = [Self.use("a/older", at: "2024-01-01T00:00:00Z"), holder]
        let d = FloatingIPClaimDecision.decide(address: "172.24.4.30", fip: Self.fip(holder: holder.user), neutron: try Self.neutron(), uses: uses)
        #expect(d.winner == holder)
        #expect(d.refused.count == 1 && d.refused[0].0.workload == "a/older")
    }

    @Test("without creation times the order is by namespace/name")
    func nameOrder() throws {
        let d = FloatingIPClaimDecision.decide(
            address: "172.24.4.30", fip: Self.fip(), neutron: try Self.neutron(), uses: [Self.use("b/x"), Self.use("a/y")])
        #expect(d.winner?.workload == "a/y")
    }

    @Test("an address without a Fip is refused to everyone as not in the pool")
    func notInPool() {
        let d = FloatingIPClaimDecision.decide(address: "172.24.4.99", fip: nil, neutron: nil, uses: [Self.use("a/p", address: "172.24.4.99")])
        #expect(d.winner == nil)
        #expect(d.refused.first?.1.reason == .notInPool)
    }

    @Test("Neutron deleting or associating the floating IP is a conflict for the winner")
    func conflicts() throws {
        let uses = [Self.use("a/p")]
        let deleted = FloatingIPClaimDecision.decide(address: "172.24.4.30", fip: Self.fip(), neutron: nil, uses: uses)
        #expect(deleted.conflict?.reason == .deletedInNeutron)
        let associated = FloatingIPClaimDecision.decide(address: "172.24.4.30", fip: Self.fip(), neutron: try Self.neutron(port: "port-9"), uses: uses)
        #expect(associated.conflict?.reason == .associatedInNeutron)
        #expect(associated.conflict?.message.contains("port-9") == true)
        // A workload that did not hold a floating IP deleted in Neutron may not claim it.
        #expect(FloatingIPClaimer.claimedStatus(Self.fip(), winner: uses[0], conflict: deleted.conflict) == nil)
        let kept = FloatingIPClaimer.claimedStatus(Self.fip(holder: uses[0].user), winner: uses[0], conflict: deleted.conflict)
        #expect(kept?.ready?.isTrue == false && kept?.ready?.reason == "DeletedInNeutron" && kept?.usedBy == uses[0].user)
    }

    @Test("pool sync marks a floating IP Neutron associated as InUse by its port, and frees it after")
    func poolStatus() throws {
        let associated = FloatingIPPoolPlan.status(current: FipStatus(phase: FipStatus.available), floatingIP: try Self.neutron(port: "p9"))
        #expect(associated?.phase == FipStatus.inUse && associated?.usedBy == FloatingIPNames.neutronPortUser("p9"))
        let freed = FloatingIPPoolPlan.status(current: associated, floatingIP: try Self.neutron())
        #expect(freed?.phase == FipStatus.available && freed?.usedBy == nil)
        #expect(FloatingIPPoolPlan.status(current: freed, floatingIP: try Self.neutron()) == nil)
        // A workload's claim is the binder's business.
        let held = FipStatus(phase: FipStatus.inUse, usedBy: FipUser(kind: "Pod", namespace: "a", name: "p"), usage: "snat")
        #expect(FloatingIPPoolPlan.status(current: held, floatingIP: try Self.neutron(port: "p9")) == nil)
        #expect(FloatingIPPoolPlan.gone(Self.fip()) == .delete)
        guard case .keep(let status, _) = FloatingIPPoolPlan.gone(Self.fip(holder: held.usedBy)) else {
            Issue.record("a Fip in use must be kept")
            return
        }
        #expect(status.ready?.reason == "DeletedInNeutron" && status.ready?.isTrue == false)
    }

    @Test("the NAT plan keeps matching rows, replaces changed ones, and never touches rows without our markers")
    func natPlan() throws {
        var replica = Replica()
        let ours = FloatingIPNATRow(use: Self.use("a/p"))
        let stale = FloatingIPNATRow(use: Self.use("b/gone", address: "172.24.4.31"))
        func row(_ r: FloatingIPNATRow, ids: [String: String]? = nil) -> Row {
            ["type": .atom(.string(r.type)), "external_ip": .atom(.string(r.externalIP)), "logical_ip": .atom(.string(r.logicalIP)),
             "logical_port": .set([]), "external_mac": .set([]), "external_ids": .stringMap(ids ?? r.externalIDs)]
        }
        replica.tables["NAT"] = [
            "u1": row(ours), "u2": row(stale),
            "u3": row(FloatingIPNATRow(use: Self.use("n/neutron", address: "172.24.4.40")), ids: ["neutron:fip_id": "x"]),
        ]
        replica.tables["Logical_Router"] = ["r": ["name": .atom(.string("neutron-r1")), "nat": .uuids(["u1", "u2", "u3"])]]
        let vm = FloatingIPNATRow(use: Self.use("c/vm", .eip, address: "172.24.4.32"))
        let plan = FloatingIPNATPlan(desired: [ours, vm], replica: replica)
        #expect(plan.changes.count == 2)
        #expect(plan.changes[0].summary.hasPrefix("remove NAT fip-gone.b"))
        #expect(plan.changes[1].insertedName == "fip-vm.c")
        #expect(vm.type == "dnat_and_snat" && vm.logicalPort == "vm.c" && ours.logicalPort == nil)
        let moved = FloatingIPNATRow(use: FloatingIPUse(workload: "a/p", kind: .snat, address: "172.24.4.30", logicalIP: "10.9.9.9", logicalPort: "p.a", router: "neutron-r1"))
        let replace = FloatingIPNATPlan(desired: [moved], replica: replica)
        #expect(replace.changes.map(\.isInsert) == [false, false, true])
    }
}
