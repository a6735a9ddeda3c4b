import NetAddress

/// The controller's address book: one ``SubnetAllocator`` per subnet, by name.
///
/// A value type with no I/O; the controller owns one inside an actor, rebuilds it at start
/// with ``restore(_:)`` from the `IP` records, and hands out an address only after the record
/// is written.
///
/// ```swift
/// var ipam = AddressBook()
/// try ipam.addSubnet(SubnetDefinition(name: "net1", cidrs: [CIDR("10.0.0.0/24")!], gateways: [IPAddress("10.0.0.1")!]))
/// let a = try ipam.allocate(subnet: "net1", owner: "web-0.default")   // 10.0.0.2
/// ```
public struct AddressBook: Sendable {
    public private(set) var subnets: [String: SubnetAllocator] = [:]

    public init() {}

    // MARK: - Subnets

    public mutating func addSubnet(_ spec: SubnetDefinition) throws(IPAMError) {
        guard subnets[spec.name] == nil else { throw .subnetExists(spec.name) }
        subnets[spec.name] = try SubnetAllocator(spec)
    }

    /// Adds the subnet, or brings a known one to `spec`. Only `excludeIps` may change while
    /// addresses are in use (returned: addresses in use that are now excluded); a change of
    /// CIDR or gateway then fails with ``IPAMError/subnetInUse(subnet:field:inUse:)``.
    @discardableResult
    public mutating func applySubnet(_ spec: SubnetDefinition) throws(IPAMError) -> [ExcludedInUse] {
        guard let current = subnets[spec.name] else {
            try addSubnet(spec)
            return []
        }
        let sameShape = Set(current.spec.cidrs) == Set(spec.cidrs) && Set(current.spec.gateways) == Set(spec.gateways)
        guard sameShape else {
            if current.allocationCount > 0 {
                let field = Set(current.spec.cidrs) == Set(spec.cidrs) ? "gateway" : "cidrBlock"
                throw .subnetInUse(subnet: spec.name, field: field, inUse: current.allocationCount)
            }
            subnets[spec.name] = try SubnetAllocator(spec)
            return []
        }
        return subnets[spec.name]!.setExcludeIps(spec.excludeIps)
    }

    /// Forgets a subnet; refused while it has allocations.
    public mutating func removeSubnet(named name: String) throws(IPAMError) {
        guard let current = subnets[name] else { throw .unknownSubnet(name) }
        guard current.allocationCount == 0 else {
            throw .subnetInUse(subnet: name, field: "the subnet", inUse: current.allocationCount)
        }
        subnets[name] = nil
    }

    // MARK: - Allocations

    @discardableResult
    public mutating func allocate(subnet: String, owner: String, _ request: AllocationRequest = AllocationRequest()) throws(IPAMError) -> Allocation {
        guard subnets[subnet] != nil else { throw .unknownSubnet(subnet) }
        return try subnets[subnet]!.allocate(owner: owner, request)
    }

    @discardableResult
    public mutating func release(subnet: String, owner: String) -> Allocation? {
        subnets[subnet]?.release(owner: owner)
    }

    public func allocation(subnet: String, owner: String) -> Allocation? {
        subnets[subnet]?.allocation(of: owner)
    }

    public func usage(subnet: String) -> SubnetUsage? { subnets[subnet]?.usage }

    // MARK: - Restore

    /// Rebuilds every allocator from `records` (the `IP` records), dropping what was allocated
    /// before. Records are applied in order; one that cannot be applied — unknown subnet,
    /// address outside the subnet or reserved, address or MAC already restored for another
    /// owner, a second record for the same owner — is left out entirely and reported.
    public mutating func restore(_ records: [AllocationRecord]) -> [RestoreConflict] {
        // Work on the allocators in an array: one name lookup per record, no dictionary
        // write-back, and room reserved up front (100 000 records must take well under 100 ms).
        let names = Array(subnets.keys)
        var position: [String: Int] = [:]
        var allocators: [SubnetAllocator] = []
        for (i, name) in names.enumerated() {
            position[name] = i
            allocators.append(subnets.removeValue(forKey: name)!)
            allocators[i].releaseAll()
        }
        let targets = records.map { position[$0.subnet] }
        var perSubnet = [Int](repeating: 0, count: allocators.count)
        for case let i? in targets { perSubnet[i] += 1 }
        for i in allocators.indices { allocators[i].reserveCapacity(perSubnet[i]) }

        var conflicts: [RestoreConflict] = []
        // Address → owner for a subnet, built only once it sees its first clash.
        var holders: [[IPAddress: String]?] = Array(repeating: nil, count: allocators.count)
        for (record, target) in zip(records, targets) {
            guard let i = target else {
                conflicts.append(RestoreConflict(record: record, reason: .unknownSubnet(record.subnet)))
                continue
            }
            do {
                try allocators[i].restore(record)
                if holders[i] != nil {
                    for a in [record.v4, record.v6].compactMap({ $0 }) { holders[i]![a] = record.owner }
                }
            } catch .addressTaken(let address, let subnet, nil) {
                if holders[i] == nil {
                    var index: [IPAddress: String] = [:]
                    for a in allocators[i].allocations {
                        for ip in a.addresses { index[ip] = a.owner }
                    }
                    holders[i] = index
                }
                let reason = IPAMError.addressTaken(address, subnet: subnet, owner: holders[i]![address])
                conflicts.append(RestoreConflict(record: record, reason: reason))
            } catch .macTaken(let mac, let subnet, nil) {
                let reason = IPAMError.macTaken(mac, subnet: subnet, owner: allocators[i].owner(of: mac))
                conflicts.append(RestoreConflict(record: record, reason: reason))
            } catch {
                conflicts.append(RestoreConflict(record: record, reason: error))
            }
        }
        for (name, allocator) in zip(names, allocators) { subnets[name] = allocator }
        return conflicts
    }
}
