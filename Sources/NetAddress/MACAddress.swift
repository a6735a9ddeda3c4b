/// A 48-bit Ethernet MAC address, written `aa:bb:cc:dd:ee:ff` (lower case).
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address in the low 48 bits.
    public let value: UInt64

    public init(value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    /// Parses six colon- or dash-separated hex octets.
    public init?(_ text: some StringProtocol) {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        let parts = fields.count == 6 ? fields : text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var v: UInt64 = 0
        for p in parts {
            guard p.utf8.count == 2, let o = UInt8(p, radix: 16) else { return nil }
            v = v << 8 | UInt64(o)
        }
        self.init(value: v)
    }

    /// Group (multicast/broadcast) addresses cannot be a NIC's address.
    public var isMulticast: Bool { (value >> 40) & 0x01 != 0 }
    /// Locally administered addresses (bit 1 of the first octet) are what we generate.
    public var isLocallyAdministered: Bool { (value >> 40) & 0x02 != 0 }
    public var isZero: Bool { value == 0 }

    public static func < (l: MACAddress, r: MACAddress) -> Bool { l.value < r.value }

    public var description: String {
        (0..<6).map { i in
            let o = UInt8(truncatingIfNeeded: value >> (8 * (5 - i)))
            return o < 16 ? "0" + String(o, radix: 16) : String(o, radix: 16)
        }.joined(separator: ":")
    }
}
