import NetAddress

/// The allocations of one subnet: an ``AddressPool`` per family, a ``MACPool``, and who holds what.
///
/// An allocation is per owner and idempotent: asking again for the same owner returns what it
/// holds (filling in a family it lacks). In a dual-stack subnet an allocation gets one address
/// of each family or none: when the second family fails, the first is given back.
///
/// ```swift
/// var net = try SubnetAllocator(SubnetDefinition(name: "net1", cidrs: [CIDR("10.0.0.0/24")!, CIDR("fd00::/64")!]))
/// let a = try net.allocate(owner: "web-0.default")   // 10.0.0.1, fd00::1, a generated MAC
/// net.release(owner: "web-0.default")
/// ```
public struct SubnetAllocator: Sendable {
    public private(set) var spec: SubnetDefinition
    public private(set) var v4: AddressPool?
    public private(set) var v6: AddressPool?
    public private(set) var macs: MACPool
    /// Held addresses per owner, stored compactly (offsets in the pools, MAC as an integer).
    private var holdings: [String: Holding] = [:]

    private struct Holding: Sendable {
        var mac: UInt64 = 0  // 0: none (the zero MAC is never allocated)
        var v4: UInt64?
        var v6: UInt64?
    }

    public init(_ spec: SubnetDefinition) throws(IPAMError) {
        let name = spec.name
        guard !spec.cidrs.isEmpty else { throw .invalidSubnet(subnet: name, field: "cidrBlock", reason: "is empty") }
        func pool(_ family: IPFamily) throws(IPAMError) -> AddressPool? {
            let cidrs = spec.cidrs.filter { $0.family == family }
            guard let cidr = cidrs.first else { return nil }
            guard cidrs.count == 1 else {
                throw .invalidSubnet(subnet: name, field: "cidrBlock", reason: "has more than one \(family.rawValue) CIDR")
            }
            let gateways = spec.gateways.filter { $0.family == family }
            guard gateways.count <= 1 else {
                throw .invalidSubnet(subnet: name, field: "gateway", reason: "has more than one \(family.rawValue) address")
            }
            return try AddressPool(subnet: name, cidr: cidr, gateway: gateways.first, excludeIps: spec.excludeIps)
        }
        v4 = try pool(.v4)
        v6 = try pool(.v6)
        if let stray = spec.gateways.first(where: { g in !spec.cidrs.contains { $0.family == g.family } }) {
            throw .invalidSubnet(subnet: name, field: "gateway", reason: "\(stray) has no CIDR of its family")
        }
        macs = MACPool(subnet: name)
        self.spec = spec
    }

    public var name: String { spec.name }

    /// Number of owners holding an allocation.
    public var allocationCount: Int { holdings.count }

    // MARK: - Allocate and release

    /// Allocates for `owner` (idempotent; see the type's description).
    @discardableResult
    public mutating func allocate(owner: String, _ request: AllocationRequest = AllocationRequest()) throws(IPAMError) -> Allocation {
        do throws(IPAMError) {
            return try take(owner: owner, request, automatic: true)
        } catch .addressTaken(let address, let subnet, nil) {
            throw .addressTaken(address, subnet: subnet, owner: self.owner(of: address))
        } catch .macTaken(let mac, let subnet, nil) {
            throw .macTaken(mac, subnet: subnet, owner: self.owner(of: mac))
        }
    }

    /// Gives back everything `owner` holds; returns it, or nil when it held nothing.
    @discardableResult
    public mutating func release(owner: String) -> Allocation? {
        guard let held = holdings.removeValue(forKey: owner) else { return nil }
        let allocation = self.allocation(owner, held)
        if let a = allocation.v4 { v4!.release(a) }
        if let a = allocation.v6 { v6!.release(a) }
        if let m = allocation.mac { macs.release(m) }
        return allocation
    }

    /// What `owner` holds, if anything.
    public func allocation(of owner: String) -> Allocation? {
        holdings[owner].map { allocation(owner, $0) }
    }

    /// Every allocation, in no particular order.
    public var allocations: [Allocation] { holdings.map { allocation($0.key, $0.value) } }

    /// The owner holding `address` (a linear scan: for error messages and diagnostics).
    public func owner(of address: IPAddress) -> String? {
        guard let offset = address.family == .v4 ? v4?.offset(of: address) : v6?.offset(of: address) else { return nil }
        let isV4 = address.family == .v4
        return holdings.first { (isV4 ? $0.value.v4 : $0.value.v6) == offset }?.key
    }

    /// The owner holding `mac` (a linear scan).
    public func owner(of mac: MACAddress) -> String? {
        holdings.first { $0.value.mac == mac.value }?.key
    }

    // MARK: - Restore

    /// Adds an existing allocation exactly as recorded (no automatic addresses, no generated MAC).
    /// A refused record leaves nothing behind. `addressTaken`/`macTaken` errors carry no owner
    /// (the caller resolves it; see ``IPAM/restore(_:)``).
    ///
    /// This is the hot path of a restart (100 000 records in well under 100 ms), so it touches the
    /// owner table once and builds no ``Allocation`` values.
    mutating func restore(_ record: AllocationRecord) throws(IPAMError) {
        try Self.restore(record, subnet: name, into: &holdings[record.owner], v4: &v4, v6: &v6, macs: &macs)
    }

    private static func restore(
        _ record: AllocationRecord, subnet: String, into slot: inout Holding?,
        v4: inout AddressPool?, v6: inout AddressPool?, macs: inout MACPool
    ) throws(IPAMError) {
        guard slot == nil else { throw .duplicateOwner(owner: record.owner, subnet: subnet) }
        var held = Holding()
        var took4: IPAddress?
        var took6: IPAddress?
        do throws(IPAMError) {
            if let a = record.v4 {
                guard a.family == .v4 else { throw IPAMError.wrongFamily(a, subnet: subnet, expected: .v4) }
                guard v4 != nil else { throw IPAMError.familyNotInSubnet(.v4, subnet: subnet) }
                held.v4 = try v4!.take(a)
                took4 = a
            }
            if let a = record.v6 {
                guard a.family == .v6 else { throw IPAMError.wrongFamily(a, subnet: subnet, expected: .v6) }
                guard v6 != nil else { throw IPAMError.familyNotInSubnet(.v6, subnet: subnet) }
                held.v6 = try v6!.take(a)
                took6 = a
            }
            if let m = record.mac {
                try macs.take(m)
                held.mac = m.value
            }
        } catch {
            if let a = took4 { v4!.release(a) }
            if let a = took6 { v6!.release(a) }
            throw error
        }
        slot = held
    }

    /// Makes room for `count` more owners (before a restore).
    mutating func reserveCapacity(_ count: Int) {
        holdings.reserveCapacity(holdings.count + count)
        macs.reserveCapacity(macs.count + count)
    }

    /// Drops every allocation (before a restore).
    mutating func releaseAll() {
        holdings.removeAll(keepingCapacity: true)
        v4?.releaseAll()
        v6?.releaseAll()
        macs.releaseAll()
    }

    // MARK: - Spec changes

    /// Applies a new `excludeIps`. Allocations stay; those now excluded are returned.
    public mutating func setExcludeIps(_ ranges: [AddressRange]) -> [ExcludedInUse] {
        spec.excludeIps = ranges
        let hits = (v4?.setExcludeIps(ranges) ?? []) + (v6?.setExcludeIps(ranges) ?? [])
        guard !hits.isEmpty else { return [] }
        // One pass over the owners, however many addresses are hit.
        let wanted = Set(hits)
        var holder: [IPAddress: String] = [:]
        for (owner, held) in holdings {
            for a in allocation(owner, held).addresses where wanted.contains(a) { holder[a] = owner }
        }
        return hits.map { ExcludedInUse(subnet: name, address: $0, owner: holder[$0]) }
    }

    /// Counts for the subnet's status.
    public var usage: SubnetUsage {
        SubnetUsage(
            v4Available: v4?.availableCount ?? 0, v4Using: v4?.usingCount ?? 0,
            v6Available: v6?.availableCount ?? 0, v6Using: v6?.usingCount ?? 0)
    }

    // MARK: - Internals

    /// The one path that takes addresses: validates the request against what `owner` holds,
    /// takes what is missing, and gives everything back if any step fails.
    private mutating func take(owner: String, _ request: AllocationRequest, automatic: Bool) throws(IPAMError) -> Allocation {
        if let a = request.v4, a.family != .v4 { throw .wrongFamily(a, subnet: name, expected: .v4) }
        if let a = request.v6, a.family != .v6 { throw .wrongFamily(a, subnet: name, expected: .v6) }
        if request.v4 != nil, v4 == nil { throw .familyNotInSubnet(.v4, subnet: name) }
        if request.v6 != nil, v6 == nil { throw .familyNotInSubnet(.v6, subnet: name) }
        var held = holdings[owner] ?? Holding()
        let before = allocation(owner, held)
        if let h = before.v4, let r = request.v4, h != r {
            throw .ownerHoldsOtherAddress(owner: owner, subnet: name, holding: h, requested: r)
        }
        if let h = before.v6, let r = request.v6, h != r {
            throw .ownerHoldsOtherAddress(owner: owner, subnet: name, holding: h, requested: r)
        }
        if let h = before.mac, case .fixed(let r) = request.mac, h != r {
            throw .ownerHoldsOtherMAC(owner: owner, subnet: name, holding: h, requested: r)
        }

        var tookV4: IPAddress?
        var tookV6: IPAddress?
        do throws(IPAMError) {
            if held.v4 == nil, v4 != nil, automatic || request.v4 != nil {
                let a = try Self.take(from: &v4!, request.v4)
                tookV4 = a
                held.v4 = v4!.offset(of: a)
            }
            if held.v6 == nil, v6 != nil, automatic || request.v6 != nil {
                let a = try Self.take(from: &v6!, request.v6)
                tookV6 = a
                held.v6 = v6!.offset(of: a)
            }
            if held.mac == 0 {
                switch request.mac {
                case .none: break
                case .generate: held.mac = macs.generate().value
                case .fixed(let m):
                    try macs.take(m)
                    held.mac = m.value
                }
            }
        } catch {
            if let a = tookV4 { v4!.release(a) }
            if let a = tookV6 { v6!.release(a) }
            throw error
        }
        holdings[owner] = held
        return allocation(owner, held)
    }

    private static func take(from pool: inout AddressPool, _ address: IPAddress?) throws(IPAMError) -> IPAddress {
        guard let address else { return try pool.allocateNext() }
        try pool.allocate(address)
        return address
    }

    private func allocation(_ owner: String, _ held: Holding) -> Allocation {
        Allocation(
            owner: owner,
            v4: held.v4.flatMap { v4?.address(at: $0) },
            v6: held.v6.flatMap { v6?.address(at: $0) },
            mac: held.mac == 0 ? nil : MACAddress(value: held.mac))
    }
}
