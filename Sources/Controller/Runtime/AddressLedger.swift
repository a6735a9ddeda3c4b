import IPAM
import NetAddress
import SCNetAPI

/// The controller's IPAM (X3): an ``AddressBook`` behind an actor, rebuilt from the `IP` records
/// at start. An address is handed out here first and announced to the world only after its
/// `IP` record is written.
actor AddressLedger {
    private var book = AddressBook()

    /// Adds or updates a subnet; returns addresses in use that the new `excludeIps` now cover.
    @discardableResult
    func apply(_ definition: SubnetDefinition) throws(IPAMError) -> [ExcludedInUse] {
        try book.applySubnet(definition)
    }

    func hasSubnet(_ name: String) -> Bool { book.subnets[name] != nil }

    /// Forgets a subnet with no allocations; `false` when some remain.
    func removeSubnet(_ name: String) -> Bool {
        guard book.subnets[name] != nil else { return true }
        return (try? book.removeSubnet(named: name)) != nil
    }

    func allocation(subnet: String, owner: String) -> Allocation? { book.allocation(subnet: subnet, owner: owner) }

    func allocate(subnet: String, owner: String, _ request: AllocationRequest) throws(IPAMError) -> Allocation {
        try book.allocate(subnet: subnet, owner: owner, request)
    }

    @discardableResult
    func release(subnet: String, owner: String) -> Allocation? { book.release(subnet: subnet, owner: owner) }

    /// The subnet an owner holds addresses in, if any.
    func subnet(of owner: String) -> String? {
        book.subnets.first { $0.value.allocation(of: owner) != nil }?.key
    }

    func usage(subnet: String) -> SubnetUsage? { book.usage(subnet: subnet) }

    func allocationCount(subnet: String) -> Int { book.subnets[subnet]?.allocationCount ?? 0 }

    /// Rebuilds every allocation from `IP` records; returns the records that could not be applied.
    func restore(from records: [IP]) -> [RestoreConflict] {
        book.restore(records.compactMap(Self.record))
    }

    static func record(_ ip: IP) -> AllocationRecord? {
        guard let subnet = ip.spec.subnet else { return nil }
        var v4 = ip.spec.v4IpAddress.flatMap { IPAddress($0) }
        var v6 = ip.spec.v6IpAddress.flatMap { IPAddress($0) }
        if v4 == nil, v6 == nil {
            for text in (ip.spec.ipAddress ?? "").split(separator: ",") {
                guard let a = IPAddress(text) else { continue }
                if a.family == .v4 { v4 = a } else { v6 = a }
            }
        }
        return AllocationRecord(
            subnet: subnet, owner: ip.metadata.name, v4: v4, v6: v6, mac: ip.spec.macAddress.flatMap { MACAddress($0) })
    }
}
