/// An IP network: a network address and a prefix length, e.g. `10.16.0.0/16` or `fd00:10::/64`.
///
/// Parsing refuses host bits (`10.0.0.1/24`): an operator who wrote that most likely meant
/// something else, and silently rounding would hide it.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits are zero).
    public let network: IPAddress
    public let prefixLength: Int

    public var family: IPFamily { network.family }

    /// Builds a CIDR from any address inside it, clearing the host bits.
    public init(containing address: IPAddress, prefixLength: Int) {
        precondition(prefixLength >= 0 && prefixLength <= address.family.bitWidth)
        self.prefixLength = prefixLength
        self.network = IPAddress(family: address.family, value: address.value & Self.mask(address.family, prefixLength))
    }

    /// Parses `address/prefix`; throws a ``CIDRError`` saying what is wrong.
    public init(parsing text: some StringProtocol) throws(CIDRError) {
        let s = String(text)
        let pieces = s.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { throw .missingPrefix(s) }
        guard let address = IPAddress(pieces[0]) else { throw .badAddress(s) }
        guard let length = Int(pieces[1]), pieces[1].allSatisfy(\.isASCII), !pieces[1].hasPrefix("+"),
            length >= 0, length <= address.family.bitWidth
        else { throw .badPrefix(s, max: address.family.bitWidth) }
        let cidr = CIDR(containing: address, prefixLength: length)
        guard cidr.network == address else { throw .hostBitsSet(s, suggestion: cidr.description) }
        self = cidr
    }

    /// Parses, returning `nil` on any error.
    public init?(_ text: some StringProtocol) {
        guard let c = try? CIDR(parsing: text) else { return nil }
        self = c
    }

    /// The network mask of a prefix, as a value of the family's width.
    static func mask(_ family: IPFamily, _ prefix: Int) -> UInt128 {
        let familyMask: UInt128 = family == .v4 ? 0xFFFF_FFFF : ~0
        let hostBits = family.bitWidth - prefix
        if hostBits >= 128 { return 0 }
        return familyMask & ~((UInt128(1) << hostBits) - 1)
    }

    /// Number of host bits (`32 - prefix` or `128 - prefix`).
    public var hostBits: Int { family.bitWidth - prefixLength }

    /// The last address of the network (the IPv4 broadcast address).
    public var lastAddress: IPAddress {
        let hostMask: UInt128 = hostBits == 128 ? ~0 : (UInt128(1) << hostBits) - 1
        return IPAddress(family: family, value: network.value | hostMask)
    }

    /// Number of addresses in the network, saturating at `UInt128.max` for `::/0`.
    public var size: UInt128 { hostBits == 128 ? .max : UInt128(1) << hostBits }

    /// The first address a host may use: the network address itself only for /31, /32, /127, /128.
    public var firstUsable: IPAddress {
        hostBits <= 1 ? network : network.advanced(by: 1)!
    }

    /// The last address a host may use: IPv4 excludes the broadcast address (except /31, /32).
    public var lastUsable: IPAddress {
        family == .v4 && hostBits > 1 ? lastAddress.retreated(by: 1)! : lastAddress
    }

    /// All usable addresses (see ``firstUsable`` and ``lastUsable``).
    public var usableRange: AddressRange { AddressRange(uncheckedFirst: firstUsable, last: lastUsable) }

    /// All addresses of the network.
    public var range: AddressRange { AddressRange(uncheckedFirst: network, last: lastAddress) }

    public func contains(_ address: IPAddress) -> Bool {
        address.family == family && address.value & Self.mask(family, prefixLength) == network.value
    }

    /// Whether this network shares any address with `other` (one contains the other).
    public func overlaps(_ other: CIDR) -> Bool {
        guard family == other.family else { return false }
        let shorter = min(prefixLength, other.prefixLength)
        let m = Self.mask(family, shorter)
        return network.value & m == other.network.value & m
    }

    public var description: String { "\(network)/\(prefixLength)" }
}

/// Why a CIDR did not parse; the message says it in words.
public enum CIDRError: Error, Hashable, Sendable, CustomStringConvertible {
    case missingPrefix(String)
    case badAddress(String)
    case badPrefix(String, max: Int)
    case hostBitsSet(String, suggestion: String)

    public var description: String {
        switch self {
        case .missingPrefix(let s): "\"\(s)\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24)"
        case .badAddress(let s): "\"\(s)\" does not start with a valid IPv4 or IPv6 address"
        case .badPrefix(let s, let max): "\"\(s)\" has an invalid prefix length (0 to \(max))"
        case .hostBitsSet(let s, let suggestion): "\"\(s)\" has host bits set (did you mean \(suggestion)?)"
        }
    }
}

extension CIDR: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try CIDR(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
