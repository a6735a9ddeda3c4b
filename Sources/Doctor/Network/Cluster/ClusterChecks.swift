import OVN
import SCNetAPI

/// The judgement of `scnet doctor cluster`: component health, scnet-owned NB rows whose owner is
/// gone, and addresses whose `IP` record, port and pod disagree. Pure functions of ``ClusterFacts``.
public enum ClusterChecks {
    public static func run(_ facts: ClusterFacts) -> [CheckResult] {
        var results = facts.components.map(component)
        switch facts.inventory {
        case .notObserved(let why):
            results.append(.skip("leaks", why))
            results.append(.skip("addresses", why))
        case .observed(let inventory):
            results += leaks(inventory) + addresses(inventory)
        }
        return results
    }

    /// True when an essential component could not be reached: the doctor cannot tell (exit 2).
    public static func cannotTell(_ facts: ClusterFacts) -> Bool {
        facts.components.contains {
            if case .unreachable = $0.state { return $0.isEssential }
            return false
        }
    }

    static func component(_ health: ComponentHealth) -> CheckResult {
        let at = health.address.map { " at \($0)" } ?? ""
        switch health.state {
        case .reachable(let detail): return .ok(health.component, "answers\(at): \(detail)")
        case .unreachable(let reason):
            return .fail(health.component, "cannot be reached\(at): \(reason)",
                         fix: "is it running and listening there? check the address and the firewall")
        case .notConfigured(let how): return .skip(health.component, "not configured: \(how)")
        }
    }

    // MARK: Leaked rows

    static func leaks(_ inventory: Inventory) -> [CheckResult] {
        var results: [CheckResult] = []
        for row in inventory.ownedRows.sorted(by: { ($0.table, $0.name) < ($1.table, $1.name) }) {
            guard let owner = goneOwner(row, inventory) else { continue }
            results.append(.fail(
                "leak", "NB \(row.table) \"\(row.name)\" (scnet/kind \(row.kind)) outlives its \(owner)",
                fix: "the controller collects it on its next resync; by hand: ovn-nbctl destroy \(row.table) \(row.uuid)"))
        }
        if results.isEmpty {
            results.append(.ok("leaks", "\(inventory.ownedRows.count) scnet-owned NB rows, none outlives its owner"))
        }
        return results
    }

    /// The owner a row serves when that owner no longer exists (`Pod ns/name`), else `nil`.
    static func goneOwner(_ row: OwnedRow, _ inventory: Inventory) -> String? {
        switch row.kind {
        case NorthboundNames.Kind.pod:
            let key = workloadKey(row)
            return inventory.pods.contains(key) ? nil : "Pod \(readable(key))"
        case NorthboundNames.Kind.virtualMachine:
            let key = workloadKey(row)
            return inventory.virtualMachines.contains(key) ? nil : "VirtualMachine \(readable(key))"
        case NorthboundNames.Kind.subnet, NorthboundNames.Kind.routerPort, NorthboundNames.Kind.routerAttachment,
            NorthboundNames.Kind.subnetSNAT:
            if let subnet = row.externalIDs[NorthboundNames.Key.subnet] {
                return inventory.subnets.contains { $0.metadata.name == subnet } ? nil : "Subnet \"\(subnet)\""
            }
            let served = inventory.subnets.contains { rowServes(row, subnet: $0) }
            return served ? nil : "Subnet (none matches \"\(row.ownerName)\")"
        default:
            return nil  // floating IPs, gateway chassis…: judged by their own controllers
        }
    }

    /// Whether `row`'s name is the one scnet gives a row of its kind for `subnet`.
    static func rowServes(_ row: OwnedRow, subnet: Subnet) -> Bool {
        let name = subnet.metadata.name, vpc = subnet.spec.vpc ?? Defaults.vpc
        switch row.kind {
        case NorthboundNames.Kind.subnet: return row.ownerName == NorthboundNames.subnetSwitch(name)
        case NorthboundNames.Kind.routerPort: return row.ownerName == NorthboundNames.routerPort(vpc: vpc, subnet: name)
        case NorthboundNames.Kind.routerAttachment:
            return row.ownerName == NorthboundNames.switchRouterPort(vpc: vpc, subnet: name)
        case NorthboundNames.Kind.subnetSNAT: return row.ownerName == NorthboundNames.subnetSNAT(name)
        default: return false
        }
    }

    /// `<name>.<namespace>` of the workload a row serves: from `external_ids:pod` (`ns/name`), else its `scnet/name`.
    static func workloadKey(_ row: OwnedRow) -> String {
        if let ref = row.externalIDs[NorthboundNames.Key.workload], let slash = ref.firstIndex(of: "/") {
            return "\(ref[ref.index(after: slash)...]).\(ref[..<slash])"
        }
        return row.ownerName
    }

    /// `name.ns` → `ns/name`.
    static func readable(_ key: String) -> String {
        guard let dot = key.lastIndex(of: ".") else { return key }
        return "\(key[key.index(after: dot)...])/\(key[..<dot])"
    }

    // MARK: Addresses

    static func addresses(_ inventory: Inventory) -> [CheckResult] {
        var results: [CheckResult] = []
        let records = Dictionary(inventory.ipRecords.map { ($0.metadata.name, $0) }) { first, _ in first }
        for record in inventory.ipRecords.sorted(by: { $0.metadata.name < $1.metadata.name }) {
            let name = record.metadata.name
            let address = PortAddresses.addresses(of: record.spec) ?? "?"
            if let gone = recordOwnerGone(record, inventory) {
                results.append(.fail("ip-record", "IP record \"\(name)\" (\(address)) holds an address for \(gone), which is gone",
                                     fix: "the address stays taken until the record goes: kubectl delete ip \(name)"))
            } else if !inventory.switchPorts.contains(name) {
                results.append(.fail("ip-record", "IP record \"\(name)\" (\(address)) has no logical switch port in NB",
                                     fix: "the controller has not created the port: check its logs; it recreates ports on resync"))
            }
        }
        let workloadKinds: Set<String> = [NorthboundNames.Kind.pod, NorthboundNames.Kind.virtualMachine]
        for row in inventory.ownedRows where row.table == LogicalSwitchPort.table && workloadKinds.contains(row.kind) {
            if records[row.name] == nil {
                results.append(.fail("port", "logical switch port \"\(row.name)\" has no IP record",
                                     fix: "its address is not recorded and could be handed out twice: kubectl get ips; "
                                        + "the controller rewrites records on resync"))
            }
        }
        if results.isEmpty {
            let ports = inventory.ownedRows.filter { $0.table == LogicalSwitchPort.table && workloadKinds.contains($0.kind) }.count
            results.append(.ok("addresses", "\(inventory.ipRecords.count) IP records and \(ports) workload ports agree"))
        }
        return results
    }

    /// The workload an `IP` record was made for, when it no longer exists.
    static func recordOwnerGone(_ record: IP, _ inventory: Inventory) -> String? {
        guard let pod = record.spec.podName, let ns = record.spec.namespace else { return nil }
        let key = "\(pod).\(ns)"
        if record.spec.podType == "VirtualMachine" {
            return inventory.virtualMachines.contains(key) ? nil : "VirtualMachine \(ns)/\(pod)"
        }
        return inventory.pods.contains(key) ? nil : "Pod \(ns)/\(pod)"
    }
}
