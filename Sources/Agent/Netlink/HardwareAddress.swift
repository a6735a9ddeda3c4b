/// A 48-bit Ethernet (MAC) address, as `IFLA_ADDRESS` carries it.
public struct HardwareAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address in the low 48 bits, first octet most significant.
    public let value: UInt64

    public init(value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    /// Parses `aa:bb:cc:dd:ee:ff` (or with `-` separators).
    public init?(_ text: String) {
        let octets = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "-" })
        guard octets.count == 6 else { return nil }
        var value: UInt64 = 0
        for octet in octets {
            guard octet.count == 2, let byte = UInt8(octet, radix: 16) else { return nil }
            value = value << 8 | UInt64(byte)
        }
        self.init(value: value)
    }

    /// From the 6 bytes of an `IFLA_ADDRESS` attribute; nil for other lengths.
    init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 6 else { return nil }
        self.init(value: bytes.reduce(0) { $0 << 8 | UInt64($1) })
    }

    var bytes: [UInt8] { (0..<6).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }

    /// A random unicast, locally administered address (`x2:`, `x6:`, `xa:` or `xe:` first octet).
    public static func randomLocallyAdministered() -> HardwareAddress {
        let random = UInt64.random(in: 0...0xFFFF_FFFF_FFFF)
        return HardwareAddress(value: (random & ~(UInt64(0x01) << 40)) | (UInt64(0x02) << 40))
    }

    public var description: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
