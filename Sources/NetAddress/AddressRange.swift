/// An inclusive range of addresses of one family, as `excludeIps` writes it (`a..b`).
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    public let first: IPAddress
    public let last: IPAddress

    /// A range from `first` to `last`; `nil` when the families differ or `first > last`.
    public init?(first: IPAddress, last: IPAddress) {
        guard first.family == last.family, first.value <= last.value else { return nil }
        self.first = first
        self.last = last
    }

    init(uncheckedFirst first: IPAddress, last: IPAddress) {
        self.first = first
        self.last = last
    }

    /// A range of one address.
    public init(single: IPAddress) { self.init(uncheckedFirst: single, last: single) }

    public var family: IPFamily { first.family }

    /// Number of addresses, saturating at `UInt128.max`.
    public var count: UInt128 {
        let d = last.value - first.value
        return d == .max ? .max : d + 1
    }

    public func contains(_ a: IPAddress) -> Bool {
        a.family == family && a.value >= first.value && a.value <= last.value
    }

    public func overlaps(_ other: AddressRange) -> Bool {
        family == other.family && first.value <= other.last.value && other.first.value <= last.value
    }

    /// Whether the whole range lies inside `cidr`.
    public func isInside(_ cidr: CIDR) -> Bool { cidr.contains(first) && cidr.contains(last) }

    /// `a` for a single address, `a..b` otherwise (the `excludeIps` notation).
    public var description: String { first == last ? first.description : "\(first)..\(last)" }
}

/// Why an `excludeIps`-style range did not parse.
public enum AddressRangeError: Error, Hashable, Sendable, CustomStringConvertible {
    case badAddress(String, entry: String)
    case reversed(String)
    case mixedFamilies(String)
    case tooManyDots(String)

    public var description: String {
        switch self {
        case .badAddress(let a, let e): "\"\(a)\" in \"\(e)\" is not a valid IP address"
        case .reversed(let e): "\"\(e)\": the start address is after the end address"
        case .mixedFamilies(let e): "\"\(e)\": the two ends are of different address families"
        case .tooManyDots(let e): "\"\(e)\": at most one \"..\" is allowed"
        }
    }
}

extension AddressRange {
    /// Parses `a` or `a..b` (Kube-OVN's `excludeIps` entry syntax).
    public init(parsing entry: String) throws(AddressRangeError) {
        let parts = entry.split(separator: "..", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw .tooManyDots(entry) }
        guard let a = IPAddress(parts[0]) else { throw .badAddress(String(parts[0]), entry: entry) }
        if parts.count == 1 {
            self.init(single: a)
            return
        }
        guard let b = IPAddress(parts[1]) else { throw .badAddress(String(parts[1]), entry: entry) }
        guard a.family == b.family else { throw .mixedFamilies(entry) }
        guard let r = AddressRange(first: a, last: b) else { throw .reversed(entry) }
        self = r
    }
}
