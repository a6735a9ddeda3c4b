/// An address with a prefix length, e.g. `10.1.2.3/24` on an interface or `10.1.0.0/16` as a route target.
public struct InetPrefix: Hashable, Sendable, CustomStringConvertible {
    public let address: InetAddress
    public let prefixLength: Int

    /// Validates the prefix length against the address family.
    public init(address: InetAddress, prefixLength: Int) throws(NetlinkError) {
        guard (0...address.family.bitWidth).contains(prefixLength) else {
            throw .invalidArgument("prefix length \(prefixLength) for \(address)")
        }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `ADDRESS/LENGTH`; a bare address means a host prefix (/32 or /128).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = InetAddress(String(parts[0])) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : address.family.bitWidth
        guard let length, let prefix = try? InetPrefix(address: address, prefixLength: length) else { return nil }
        self = prefix
    }

    /// The default route's destination: `0.0.0.0/0` or `::/0`.
    public static func defaultRoute(_ family: InetAddress.Family) -> InetPrefix {
        InetPrefix(unchecked: .any(family), prefixLength: 0)
    }

    init(unchecked address: InetAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    public var family: InetAddress.Family { address.family }

    /// The address with its host bits cleared (`10.1.2.3/24` → `10.1.2.0/24`).
    public var network: InetPrefix {
        let hostBits = family.bitWidth - prefixLength
        let mask: UInt128 = hostBits >= 128 ? 0 : ~((UInt128(1) << hostBits) - 1)
        return InetPrefix(unchecked: InetAddress(family: family, value: address.value & mask), prefixLength: prefixLength)
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
