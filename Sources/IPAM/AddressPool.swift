import NetAddress

/// The addresses of one CIDR (one family) of a subnet: which are in use, which are excluded,
/// and which one automatic allocation hands out next.
///
/// - Automatic allocation (``allocateNext()``) goes round-robin: it continues after the last
///   address it handed out and wraps at the end, so a released address is not reused at once.
///   It never returns the gateway, the network address, the IPv4 broadcast address, an
///   `excludeIps` address or one in use.
/// - A static request (``allocate(_:)``) may take an excluded address — operators exclude a
///   range precisely to hand it out by hand — but never the gateway, network or broadcast address.
/// - Memory follows the number of addresses in use (see ``OffsetBitmap``), not the CIDR size.
///   Addresses are kept as offsets from the network address in 64 bits, so an IPv6 CIDR
///   shorter than /64 is *clamped* to its first 2^64 addresses; addresses past them are refused
///   with ``IPAMError/beyondAllocatableRange(_:subnet:cidr:)``.
///
/// ```swift
/// var pool = try AddressPool(subnet: "net1", cidr: CIDR("10.0.0.0/24")!, gateway: IPAddress("10.0.0.1"))
/// let a = try pool.allocateNext()          // 10.0.0.2
/// try pool.allocate(IPAddress("10.0.0.9")!)  // static
/// ```
public struct AddressPool: Sendable {
    /// The subnet's name, for error messages.
    public let subnet: String
    public let cidr: CIDR
    public let gateway: IPAddress?
    /// The `excludeIps` entries of this family, as given (see ``setExcludeIps(_:)``).
    public private(set) var excludeIps: [AddressRange]

    private var inUse: OffsetBitmap
    /// Usable offsets: `firstUsable...lastUsable` of the CIDR, clamped to 64 bits.
    private let usable: ClosedRange<UInt64>
    private let gatewayOffset: UInt64?
    /// Excluded offsets inside `usable` (may include the gateway).
    private var excluded = OffsetRanges()
    /// What automatic allocation skips besides addresses in use: `excluded` plus the gateway.
    private var skipped = OffsetRanges()
    /// Number of in-use offsets inside `skipped` (static addresses in excluded ranges).
    private var inUseSkipped: UInt64 = 0
    /// Where the next automatic search starts.
    private var cursor: UInt64

    /// A pool for `cidr`; `excludeIps` entries of the other family are ignored (a dual-stack list
    /// holds both), parts outside the CIDR are clipped away.
    public init(subnet: String, cidr: CIDR, gateway: IPAddress? = nil, excludeIps: [AddressRange] = []) throws(IPAMError) {
        self.subnet = subnet
        self.cidr = cidr
        self.excludeIps = []
        let clampedHostBits = min(cidr.hostBits, 64)
        let maxOffset: UInt64 = clampedHostBits == 64 ? .max : (1 << clampedHostBits) - 1
        let first = UInt64(cidr.firstUsable.value - cidr.network.value)
        let last = min(UInt64(clamping: cidr.lastUsable.value - cidr.network.value), maxOffset)
        usable = first...last
        inUse = OffsetBitmap(maxOffset: maxOffset)
        cursor = first
        if let gateway {
            guard gateway.family == cidr.family, cidr.contains(gateway) else {
                throw .invalidSubnet(subnet: subnet, field: "gateway", reason: "\(gateway) is not inside \(cidr)")
            }
            let offset = gateway.value - cidr.network.value
            gatewayOffset = offset <= UInt128(last) && offset >= UInt128(first) ? UInt64(offset) : nil
        } else {
            gatewayOffset = nil
        }
        self.gateway = gateway
        setExcludeIps(excludeIps)
    }

    public var family: IPFamily { cidr.family }

    // MARK: - Allocation

    /// Hands out the next free address after the last one handed out (wrapping at the end).
    public mutating func allocateNext() throws(IPAMError) -> IPAddress {
        guard availableCount > 0 else { throw .subnetFull(subnet: subnet, cidr: cidr) }
        var start = cursor
        var wrapped = false
        while true {
            if let candidate = inUse.firstAbsent(from: start), candidate <= usable.upperBound {
                guard let skip = skipped.interval(containing: candidate) else {
                    inUse.insert(candidate)
                    cursor = candidate == usable.upperBound ? usable.lowerBound : candidate + 1
                    return address(at: candidate)
                }
                if skip.upperBound < usable.upperBound {
                    start = skip.upperBound + 1
                    continue
                }
            }
            // Reached the end of the usable range: wrap once. A second end means the counts
            // were wrong; refuse rather than loop.
            guard !wrapped else { throw .subnetFull(subnet: subnet, cidr: cidr) }
            wrapped = true
            start = usable.lowerBound
        }
    }

    /// Takes a specific (static) address. Excluded addresses may be taken; reserved ones not.
    public mutating func allocate(_ address: IPAddress) throws(IPAMError) {
        _ = try take(address)
    }

    /// ``allocate(_:)``, returning the address's offset.
    mutating func take(_ address: IPAddress) throws(IPAMError) -> UInt64 {
        let offset = try allocatableOffset(of: address)
        guard inUse.insert(offset) else { throw .addressTaken(address, subnet: subnet, owner: nil) }
        if skipped.contains(offset) { inUseSkipped += 1 }
        return offset
    }

    /// Returns `address` to the pool; `false` when it was not in use (or not in this pool).
    @discardableResult
    public mutating func release(_ address: IPAddress) -> Bool {
        guard let offset = offset(of: address), inUse.remove(offset) else { return false }
        if skipped.contains(offset) { inUseSkipped -= 1 }
        return true
    }

    /// Releases every address and restarts round-robin at the first usable address.
    public mutating func releaseAll() {
        inUse.removeAll()
        inUseSkipped = 0
        cursor = usable.lowerBound
    }

    public func isInUse(_ address: IPAddress) -> Bool {
        guard let offset = offset(of: address) else { return false }
        return inUse.contains(offset)
    }

    /// Whether `address` is in this family's `excludeIps` (and inside the CIDR).
    public func isExcluded(_ address: IPAddress) -> Bool {
        guard let offset = offset(of: address) else { return false }
        return excluded.contains(offset)
    }

    /// Throws the reason `address` can never be allocated here, or returns its offset.
    func allocatableOffset(of address: IPAddress) throws(IPAMError) -> UInt64 {
        guard address.family == cidr.family else { throw .familyNotInSubnet(address.family, subnet: subnet) }
        guard cidr.contains(address) else { throw .outsideSubnet(address, subnet: subnet, cidrs: [cidr]) }
        let raw = address.value - cidr.network.value
        guard raw <= UInt128(UInt64.max) else { throw .beyondAllocatableRange(address, subnet: subnet, cidr: cidr) }
        let offset = UInt64(raw)
        if offset < usable.lowerBound { throw .reservedAddress(address, subnet: subnet, role: .networkAddress) }
        if offset > usable.upperBound {
            // Only the IPv4 broadcast address lies past the usable range (clamping aside).
            throw cidr.family == .v4
                ? .reservedAddress(address, subnet: subnet, role: .broadcastAddress)
                : .beyondAllocatableRange(address, subnet: subnet, cidr: cidr)
        }
        if offset == gatewayOffset { throw .reservedAddress(address, subnet: subnet, role: .gateway) }
        return offset
    }

    // MARK: - excludeIps

    /// Replaces the `excludeIps` of this family. Addresses in use stay allocated; those now
    /// inside an excluded range are returned (sorted) so the caller can report them.
    @discardableResult
    public mutating func setExcludeIps(_ ranges: [AddressRange]) -> [IPAddress] {
        let mine = ranges.filter { $0.family == cidr.family }
        excludeIps = mine
        excluded = OffsetRanges(mine.compactMap(clippedOffsets))
        skipped = gatewayOffset.map { excluded.union(OffsetRanges([$0...$0])) } ?? excluded
        inUseSkipped = 0
        var conflicting: [UInt64] = []
        if !skipped.isEmpty {
            inUse.forEach { offset in
                if skipped.contains(offset) {
                    inUseSkipped += 1
                    conflicting.append(offset)
                }
            }
        }
        return conflicting.sorted().map(address(at:))
    }

    /// The part of `range` inside the usable offsets, if any.
    private func clippedOffsets(_ range: AddressRange) -> ClosedRange<UInt64>? {
        let network = cidr.network.value
        guard range.last.value >= network, range.first.value <= cidr.lastAddress.value else { return nil }
        let low = range.first.value > network ? range.first.value - network : 0
        let high = range.last.value - network
        let clippedLow = max(low, UInt128(usable.lowerBound))
        let clippedHigh = min(high, UInt128(usable.upperBound))
        guard clippedLow <= clippedHigh else { return nil }
        return UInt64(clippedLow)...UInt64(clippedHigh)
    }

    // MARK: - Counts

    /// Addresses a host may use: the CIDR minus the network and (IPv4) broadcast address,
    /// clamped to 2^64 − 1 for IPv6 CIDRs shorter than /64.
    public var usableCount: UInt64 { usable.upperBound - usable.lowerBound + 1 }
    /// 1 when a gateway inside the usable range is set, else 0.
    public var reservedCount: UInt64 { gatewayOffset == nil ? 0 : 1 }
    /// Usable addresses in `excludeIps`, not counting the gateway.
    public var excludedCount: UInt64 { skipped.count - reservedCount }
    /// Addresses in use (static ones inside `excludeIps` included).
    public var usingCount: UInt64 { inUse.count }
    /// Addresses automatic allocation could still hand out:
    /// `usable − reserved − excluded − (in use and not excluded)`. Excluded addresses never count
    /// as available, in use or not (as Kube-OVN's `v4availableIPs`).
    public var availableCount: UInt64 {
        usableCount - skipped.count - (inUse.count - inUseSkipped)
    }

    /// Every address in use, sorted (for diagnostics and tests; O(n log n)).
    public var addressesInUse: [IPAddress] {
        var offsets: [UInt64] = []
        offsets.reserveCapacity(Int(clamping: inUse.count))
        inUse.forEach { offsets.append($0) }
        return offsets.sorted().map(address(at:))
    }

    /// Words the in-use bitmap stores (a memory measure for tests).
    var storedWordCount: Int { inUse.storedWordCount }

    // MARK: - Offsets

    func address(at offset: UInt64) -> IPAddress {
        IPAddress(family: cidr.family, value: cidr.network.value + UInt128(offset))
    }

    func offset(of address: IPAddress) -> UInt64? {
        guard address.family == cidr.family, cidr.contains(address) else { return nil }
        let raw = address.value - cidr.network.value
        return raw <= UInt128(UInt64.max) ? UInt64(raw) : nil
    }
}
