import OVN
import OVSDB

/// The Northbound NAT row a bound floating IP needs.
struct FloatingIPNATRow: Hashable {
    var router: String
    /// `snat` (pod) or `dnat_and_snat` (VM; centralized, so no `external_mac`).
    var type: String
    var externalIP: String
    var logicalIP: String
    var logicalPort: String?
    /// `namespace/name` of the workload.
    var workload: String
    /// `NorthboundNames.floatingIPNAT(port:)`.
    var name: String

    init(use: FloatingIPUse) {
        router = use.router
        type = use.kind == .snat ? "snat" : "dnat_and_snat"
        externalIP = use.address
        logicalIP = use.logicalIP
        logicalPort = use.kind == .eip ? use.logicalPort : nil
        workload = use.workload
        name = NorthboundNames.floatingIPNAT(port: use.logicalPort)
    }

    var externalIDs: [String: String] {
        Ownership.markers(kind: NorthboundNames.Kind.floatingIP, name: name, extra: [NorthboundNames.Key.workload: workload])
    }

    /// True when `row` on `router` already is this row.
    func matches(_ row: NAT, on router: String?) -> Bool {
        router == self.router && row.type == type && row.externalIP == externalIP && row.logicalIP == logicalIP
            && row.logicalPort == logicalPort && row.externalMAC == nil && row.externalIDs == externalIDs
    }

    /// Insert guarded by "no row of ours with this name yet", so a repeat (or a second
    /// controller doing the same) fails the guard instead of adding a duplicate.
    var insertOperations: [OVSDBOperation] {
        NorthboundOperations.addNAT(
            router, type: type, externalIP: externalIP, logicalIP: logicalIP, logicalPort: logicalPort, name: name,
            kind: NorthboundNames.Kind.floatingIP, externalIDs: [NorthboundNames.Key.workload: workload])
    }
}

/// The difference between the floating IP NAT rows we want and those of ours in the Northbound.
/// Only rows carrying our markers with kind `fip` are looked at: Neutron's own NAT rows (its
/// floating IPs, its router SNAT) are never touched.
struct FloatingIPNATPlan {
    /// One independent fix: applied with the others in one transaction, or alone if that fails.
    struct Change {
        var summary: String
        var operations: [OVSDBOperation]
        /// The NAT row name an insert adds (nil for removals): its guard fails when someone
        /// else already inserted the row.
        var insertedName: String?
        var isInsert: Bool { insertedName != nil }
    }

    var changes: [Change]

    init(desired: [FloatingIPNATRow], replica: Replica) {
        let routers = replica.all(LogicalRouter.self)
        var routerOf: [String: String] = [:]
        for router in routers { for uuid in router.nat { routerOf[uuid] = router.name } }
        let ours = replica.all(NAT.self).filter {
            Ownership.isOwned($0.externalIDs) && $0.externalIDs[Ownership.kindKey] == NorthboundNames.Kind.floatingIP
        }.sorted { $0.uuid < $1.uuid }
        let wanted = Dictionary(desired.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var satisfied: Set<String> = []
        var changes: [Change] = []
        for row in ours {
            let name = row.externalIDs[Ownership.nameKey] ?? ""
            let router = routerOf[row.uuid]
            if let want = wanted[name], !satisfied.contains(name), want.matches(row, on: router) {
                satisfied.insert(name)
                continue
            }
            changes.append(Change(
                summary: "remove NAT \(name) (\(row.type) \(row.externalIP) → \(row.logicalIP)) from \(router ?? "no router")",
                operations: Self.removeOperations(uuid: row.uuid, router: router), insertedName: nil))
        }
        for want in desired where !satisfied.contains(want.name) {
            satisfied.insert(want.name)
            changes.append(Change(
                summary: "add NAT \(want.name) (\(want.type) \(want.externalIP) → \(want.logicalIP)) on \(want.router)",
                operations: want.insertOperations, insertedName: want.name))
        }
        // Removals come first: a replaced row (same name) must be gone before its guarded insert.
        self.changes = changes
    }

    /// Drops the router's reference and the row itself, so a guarded insert of the same name
    /// later in the same transaction sees it gone. Repeating it is harmless.
    static func removeOperations(uuid: String, router: String?) -> [OVSDBOperation] {
        var ops: [OVSDBOperation] = []
        if let router {
            ops.append(.mutate(LogicalRouter.table, where: [.equal("name", .string(router))],
                               mutations: [Mutation("nat", .delete, .uuids([uuid]))]))
        }
        ops.append(.delete(NAT.table, where: [.uuid(uuid)]))
        return ops
    }

    /// All changes as one transaction (named UUIDs made unique per change).
    var combinedOperations: [OVSDBOperation] {
        changes.enumerated().flatMap { index, change in
            change.operations.map { Self.renamingUUIDs($0, suffix: "\(index)") }
        }
    }

    static func renamingUUIDs(_ op: OVSDBOperation, suffix: String) -> OVSDBOperation {
        switch op {
        case .insert(let table, let row, let name?):
            return .insert(table, row, uuidName: name + suffix)
        case .mutate(let table, let conditions, let mutations):
            return .mutate(table, where: conditions, mutations: mutations.map { m in
                guard case .set(let atoms) = m.value else { return m }
                var renamed = m
                renamed.value = .set(Set(atoms.map { if case .namedUUID(let n) = $0 { .namedUUID(n + suffix) } else { $0 } }))
                return renamed
            })
        default:
            return op
        }
    }
}
