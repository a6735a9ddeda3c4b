import Glibc

/// An IPv4 or IPv6 address as rtnetlink carries it (network byte order on the wire).
///
/// `value` holds the address as an unsigned integer (IPv4 in the low 32 bits), which makes
/// converting from other address types a one-liner.
public struct InetAddress: Hashable, Sendable, CustomStringConvertible {
    /// IPv4 or IPv6.
    public enum Family: Sendable, Hashable {
        case v4, v6

        /// `AF_INET` or `AF_INET6`.
        var addressFamily: UInt8 { self == .v4 ? UInt8(AF_INET) : UInt8(AF_INET6) }
        var byteCount: Int { self == .v4 ? 4 : 16 }
        var bitWidth: Int { byteCount * 8 }
    }

    public let family: Family
    public let value: UInt128

    public init(family: Family, value: UInt128) {
        self.family = family
        self.value = family == .v4 ? value & 0xFFFF_FFFF : value
    }

    /// Parses dotted-quad IPv4 or textual IPv6 (`inet_pton`).
    public init?(_ text: String) {
        var storage = in6_addr()
        for family in [Family.v4, .v6] where inet_pton(Int32(family.addressFamily), text, &storage) == 1 {
            let bytes = withUnsafeBytes(of: storage) { Array($0.prefix(family.byteCount)) }
            self.init(family: family, networkOrder: bytes)
            return
        }
        return nil
    }

    /// From 4 or 16 bytes in network order; nil for other lengths.
    init?(networkOrder bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 4: self.init(family: .v4, networkOrder: Array(bytes))
        case 16: self.init(family: .v6, networkOrder: Array(bytes))
        default: return nil
        }
    }

    private init(family: Family, networkOrder bytes: [UInt8]) {
        self.family = family
        self.value = bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }

    /// The address in network byte order, 4 or 16 bytes.
    var networkOrderBytes: [UInt8] {
        (0..<family.byteCount).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// The unspecified address (`0.0.0.0` or `::`).
    public static func any(_ family: Family) -> InetAddress { InetAddress(family: family, value: 0) }

    public var description: String {
        var text = [CChar](repeating: 0, count: 64)
        let bytes = networkOrderBytes
        _ = bytes.withUnsafeBytes { inet_ntop(Int32(family.addressFamily), $0.baseAddress, &text, 64) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
