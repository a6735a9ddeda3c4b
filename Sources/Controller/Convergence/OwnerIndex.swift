import OVN
import OVSDB
import SCNetAPI

/// Who a Northbound row or an `IP` record of ours belongs to, so that anything happening to it
/// queues its owner: the owner's reconcile then restores the row (changed or deleted by someone
/// else) or deletes it (owner gone). Garbage collection is just that, level-triggered (X4).
enum Owner: Hashable, Sendable {
    case vpc(String)
    case subnet(String)
    case workload(WorkloadKey)
    case join(JoinMember)

    /// The owner of a row with these `external_ids`; `nil` for rows that are not ours.
    init?(externalIDs: [String: String]) {
        guard Ownership.isOwned(externalIDs), let kind = externalIDs[Ownership.kindKey] else { return nil }
        switch kind {
        case NorthboundNames.Kind.pod, NorthboundNames.Kind.virtualMachine:
            guard let workload = externalIDs[NorthboundNames.Key.workload], let slash = workload.firstIndex(of: "/") else { return nil }
            let namespace = String(workload[..<slash]), name = String(workload[workload.index(after: slash)...])
            self = .workload(kind == NorthboundNames.Kind.pod
                ? .pod(namespace: namespace, name: name) : .virtualMachine(namespace: namespace, name: name))
        case JoinNames.Kind.node:
            guard let node = externalIDs[JoinNames.nodeKey] else { return nil }
            self = .join(.node(node))
        case JoinNames.Kind.routerPort, JoinNames.Kind.routerAttachment:
            guard let vpc = externalIDs[NorthboundNames.Key.vpc] else { return nil }
            self = .join(.vpc(vpc))
        case JoinNames.Kind.policy:
            self = .join(.policy)
        case NorthboundNames.Kind.gatewayChassis:
            guard let vpc = externalIDs[NorthboundNames.Key.vpc] else { return nil }
            self = .vpc(vpc)
        default:
            guard let subnet = externalIDs[NorthboundNames.Key.subnet] else { return nil }
            self = .subnet(subnet)
        }
    }

    /// The owner of an `IP` record: the pod or VM it was written for.
    init?(record: IP) {
        if let member = record.metadata.labels[JoinNames.memberLabel], let name = record.spec.podName {
            self = .join(member == "node" ? .node(name) : .vpc(name))
            return
        }
        guard let namespace = record.spec.namespace, let name = record.spec.podName else { return nil }
        self = .workload(record.spec.podType == "VirtualMachine"
            ? .virtualMachine(namespace: namespace, name: name) : .pod(namespace: namespace, name: name))
    }

    /// Owners of the rows a monitor change touched.
    static func of(_ changes: [RowChange]) -> Set<Owner> {
        var owners = Set<Owner>()
        for change in changes {
            switch change {
            case .inserted:
                continue  // our own creates, mostly: nothing to restore
            case .deleted(_, _, let row):
                if let owner = Owner(externalIDs: row["external_ids"]?.stringMap ?? [:]) { owners.insert(owner) }
            case .modified(let table, _, let old, let new):
                // A switch gaining or losing ports is its workloads' business, not its owner's:
                // queueing the Subnet for each of 5 000 new ports kept it reconciling non-stop.
                let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }
                if table == LogicalSwitch.table, changed.isSubset(of: ["ports", "acls", "load_balancer", "qos_rules"]) { continue }
                for row in [old, new] {
                    if let owner = Owner(externalIDs: row["external_ids"]?.stringMap ?? [:]) { owners.insert(owner) }
                }
            }
        }
        return owners
    }

    /// Owners of every row of ours in `replica`.
    static func all(in replica: Replica) -> Set<Owner> {
        var owners = Set<Owner>()
        for table in [LogicalSwitch.table, LogicalSwitchPort.table, LogicalRouterPort.table, NAT.table, GatewayChassis.table,
                      ACL.table, PortGroup.table] {
            for row in replica.rows(table).values {
                if let owner = Owner(externalIDs: row["external_ids"]?.stringMap ?? [:]) { owners.insert(owner) }
            }
        }
        return owners
    }
}
