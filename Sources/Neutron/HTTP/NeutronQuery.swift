/// Filters and fields for a Neutron list call, in the order given.
///
/// ```swift
/// let query = NeutronQuery().filter("floating_network_id", extNetID).tags(["scnet", "pool-a"])
/// ```
/// Neutron answers 400 for a filter it does not know (`['foo'] is invalid attribute for filtering`).
public struct NeutronQuery: Sendable, Equatable {
    public private(set) var items: [(name: String, value: String)] = []

    public init() {}

    /// Adds `name=value`; repeated names are sent repeatedly (Neutron ORs them).
    public func filter(_ name: String, _ value: String) -> NeutronQuery {
        var copy = self
        copy.items.append((name, value))
        return copy
    }

    /// Objects carrying all of these tags (`tags=a,b`). An empty list adds nothing.
    public func tags(_ tags: [String]) -> NeutronQuery {
        tags.isEmpty ? self : filter("tags", tags.joined(separator: ","))
    }

    /// Objects carrying at least one of these tags (`tags-any=a,b`).
    public func anyTags(_ tags: [String]) -> NeutronQuery {
        tags.isEmpty ? self : filter("tags-any", tags.joined(separator: ","))
    }

    /// The percent-encoded query string, without `?`.
    public var encoded: String {
        items.map { "\(percentEncode($0.name))=\(percentEncode($0.value))" }.joined(separator: "&")
    }

    public static func == (lhs: NeutronQuery, rhs: NeutronQuery) -> Bool {
        lhs.encoded == rhs.encoded
    }
}

/// RFC 3986 unreserved characters stay, everything else is %XX (UTF-8).
func percentEncode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: ":"):
            out.append(Character(Unicode.Scalar(byte)))
        default:
            out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
    }
    return out
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
