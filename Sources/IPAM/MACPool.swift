import NetAddress

/// The MAC addresses used in one subnet: generated ones are locally administered unicast
/// (`x2`, `x6`, `xa`, `xe` as the first octet's low nibble), drawn from a generator seeded by the
/// subnet name so a run is reproducible; static ones are accepted when unicast, non-zero and unused.
public struct MACPool: Sendable {
    public let subnet: String
    private var used: Set<UInt64> = []
    private var generator: SplitMix64

    public init(subnet: String) {
        self.subnet = subnet
        generator = SplitMix64(seed: Self.stableHash(subnet))
    }

    public var count: Int { used.count }

    public func contains(_ mac: MACAddress) -> Bool { used.contains(mac.value) }

    /// A fresh locally administered unicast MAC, unique in the subnet.
    public mutating func generate() -> MACAddress {
        while true {
            // Set the locally administered bit, clear the group bit.
            let value = (generator.next() & 0xFCFF_FFFF_FFFF) | 0x0200_0000_0000
            if used.insert(value).inserted { return MACAddress(value: value) }
        }
    }

    /// Takes a static MAC address.
    public mutating func take(_ mac: MACAddress) throws(IPAMError) {
        guard !mac.isZero, !mac.isMulticast else { throw .invalidMAC(mac, subnet: subnet) }
        guard used.insert(mac.value).inserted else { throw .macTaken(mac, subnet: subnet, owner: nil) }
    }

    @discardableResult
    public mutating func release(_ mac: MACAddress) -> Bool { used.remove(mac.value) != nil }

    public mutating func releaseAll() { used.removeAll() }

    mutating func reserveCapacity(_ count: Int) { used.reserveCapacity(count) }

    /// FNV-1a: stable across runs, unlike `Hasher`.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}

/// A small, fast, seedable pseudo-random generator (Steele, Lea and Flood's SplitMix64): the
/// same seed gives the same sequence, which MAC generation, the property tests and the
/// benchmarks rely on.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
