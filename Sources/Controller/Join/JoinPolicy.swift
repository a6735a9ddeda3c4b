import OVN
import OVSDB
import SCNetAPI

/// The join switch's isolation (SPEC S5, S6): port group `scnet_join_nodes` holds every node
/// port, and one ACL drops IP traffic on `join` unless it comes from or goes to a node, so two
/// VPC routers attached to `join` cannot reach each other through it.
struct JoinPolicy: Sendable {
    let context: ControllerContext

    var joinSwitch: String { NorthboundNames.subnetSwitch(context.configuration.joinSubnet) }

    func ensure() async throws -> ReconcileOutcome {
        let (switchRow, group, acls, nodePorts) = context.northbound.read { replica in
            (replica.named(LogicalSwitch.self, joinSwitch), replica.named(PortGroup.self, JoinNames.nodePortGroup),
             replica.all(ACL.self).filter { Ownership.isOwned($0.externalIDs) && $0.externalIDs[Ownership.kindKey] == JoinNames.Kind.policy },
             replica.all(LogicalSwitchPort.self).filter { $0.externalIDs[Ownership.kindKey] == JoinNames.Kind.node && Ownership.isOwned($0.externalIDs) }
                .map(\.uuid).sorted())
        }
        guard let switchRow else {
            // No join switch: while the join subnet exists, it is coming; once it is gone, so is the policy.
            if await context.caches.subnet(context.configuration.joinSubnet) != nil { return .requeue(after: .seconds(2)) }
            if let group, Ownership.isOwned(group.externalIDs) {
                try await context.northbound.transact([.delete(PortGroup.table, where: [.uuid(group.uuid)])])
            }
            return .done
        }
        let ids = Ownership.markers(kind: JoinNames.Kind.policy, name: JoinNames.nodePortGroup,
                                    extra: [NorthboundNames.Key.subnet: context.configuration.joinSubnet])
        if let group {
            if group.ports != nodePorts {
                try await context.northbound.transact([.update(PortGroup.table, where: [.uuid(group.uuid)], row: ["ports": .uuids(nodePorts)])])
            }
        } else {
            try await context.northbound.create([
                NorthboundOperations.absent(PortGroup.table, name: JoinNames.nodePortGroup),
                .insert(PortGroup.table, ["name": .atom(.string(JoinNames.nodePortGroup)), "ports": .uuids(nodePorts),
                                          "external_ids": .stringMap(ids)]),
            ])
        }
        let wanted = acls.first {
            $0.direction == "to-lport" && $0.priority == JoinNames.isolationPriority && $0.match == JoinNames.isolationMatch
                && $0.action == "drop" && switchRow.acls.contains($0.uuid)
        }
        var operations: [OVSDBOperation] = []
        for acl in acls where acl.uuid != wanted?.uuid {
            operations.append(.mutate(LogicalSwitch.table, where: [OVSDB.Condition("acls", .includes, .uuids([acl.uuid]))],
                                      mutations: [Mutation("acls", .delete, .uuids([acl.uuid]))]))
        }
        if wanted == nil {
            operations += [
                .insert(ACL.table, ["direction": .atom(.string("to-lport")), "priority": .atom(.integer(JoinNames.isolationPriority)),
                                    "match": .atom(.string(JoinNames.isolationMatch)), "action": .atom(.string("drop")),
                                    "external_ids": .stringMap(ids)], uuidName: "acl"),
                .mutate(LogicalSwitch.table, where: [.uuid(switchRow.uuid)], mutations: [Mutation("acls", .insert, .set([.namedUUID("acl")]))]),
            ]
        }
        if !operations.isEmpty { try await context.northbound.transact(operations) }
        return .done
    }
}
