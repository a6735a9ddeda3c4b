import OVN
import OVSDB
import SCNetAPI

/// Pins a VPC router's gateway port to `spec.gatewayNode`'s chassis (SPEC S7): our own
/// `Gateway_Chassis` row, at the highest priority, on the router port Neutron made the gateway
/// (the one with `gateway_chassis`). Neutron's own rows are left as they are: they become the
/// fallbacks.
struct GatewayPinning {
    let context: ControllerContext
    /// OVN's maximum `Gateway_Chassis.priority`.
    static let priority = 32767

    enum Result: Equatable {
        case notRequested
        case pinned(chassis: String)
        case failed(reason: String, message: String)
    }

    func pin(vpc: Vpc, routerName: String) async throws -> Result {
        let replica = context.northbound.replica
        let ours = replica.all(GatewayChassis.self).filter {
            Ownership.isOwned($0.externalIDs) && $0.externalIDs[NorthboundNames.Key.vpc] == vpc.metadata.name
        }
        guard let node = vpc.spec.gatewayNode, !node.isEmpty else {
            try await remove(ours, replica: replica)
            return .notRequested
        }
        guard let chassis = await chassisName(node: node) else {
            return .failed(
                reason: "GatewayNodeNotFound",
                message: "no OVN chassis for spec.gatewayNode \(node) (no Southbound Chassis with that hostname or name, and no ovn.kubernetes.io/chassis annotation on the node)")
        }
        guard let router = replica.named(LogicalRouter.self, routerName),
              let gatewayPort = router.ports.compactMap({ replica.row(LogicalRouterPort.self, uuid: $0) })
                .first(where: { !$0.gatewayChassis.isEmpty && !Ownership.isOwned($0.externalIDs) })
        else {
            return .failed(reason: "GatewayPortNotFound", message: "router \(routerName) has no gateway port in OVN yet")
        }
        let wanted = "\(gatewayPort.name)-\(chassis)"
        // Neutron may have scheduled the port on that chassis first already. A second row for the
        // same chassis would then make OVN's HA group hold one chassis twice: with no other
        // chassis to exchange BFD with, ovn-controller believes itself cut off and claims no
        // gateway at all (seen on a single node). So pin only where Neutron's order differs.
        let neutronRows = gatewayPort.gatewayChassis.compactMap { replica.row(GatewayChassis.self, uuid: $0) }
            .filter { !Ownership.isOwned($0.externalIDs) }
        if let top = neutronRows.max(by: { $0.priority < $1.priority }), top.chassisName == chassis,
           !neutronRows.contains(where: { $0.chassisName != chassis && $0.priority == top.priority }) {
            try await remove(ours, replica: replica)
            return .pinned(chassis: chassis)
        }
        try await remove(ours.filter { $0.name != wanted }, replica: replica)
        if !ours.contains(where: { $0.name == wanted }) {
            let operations = NorthboundOperations.setGatewayChassis(
                gatewayPort.name, chassisName: chassis, priority: Self.priority,
                externalIDs: [NorthboundNames.Key.vpc: vpc.metadata.name])
            try await context.northbound.create(operations)
        }
        return .pinned(chassis: chassis)
    }

    /// Removes every pin of ours for `vpc` (the Vpc is gone).
    func unpin(vpc: String) async throws {
        let replica = context.northbound.replica
        try await remove(replica.all(GatewayChassis.self).filter {
            Ownership.isOwned($0.externalIDs) && $0.externalIDs[NorthboundNames.Key.vpc] == vpc
        }, replica: replica)
    }

    private func remove(_ rows: [GatewayChassis], replica: Replica) async throws {
        for row in rows {
            guard let port = replica.all(LogicalRouterPort.self).first(where: { $0.gatewayChassis.contains(row.uuid) }) else { continue }
            try await context.northbound.transact(NorthboundOperations.removeGatewayChassis(port.name, gatewayChassisUUID: row.uuid))
        }
    }

    /// The chassis of a node: its `ovn.kubernetes.io/chassis` annotation, else the SB chassis
    /// whose hostname or name is the node's name.
    private func chassisName(node: String) async -> String? {
        let chassis = context.southbound?.replica.all(Chassis.self) ?? []
        if let annotated = await context.caches.nodes.object(.init(name: node))?.metadata.annotations[Annotation.chassis] {
            return chassis.first { $0.name == annotated || $0.uuid == annotated }?.name ?? annotated
        }
        return chassis.first { $0.hostname == node || $0.name == node }?.name
    }
}
