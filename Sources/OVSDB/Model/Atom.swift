/// One OVSDB atom (RFC 7047 §5.1): the scalar inside every column value.
public enum Atom: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case boolean(Bool)
    case string(String)
    /// A row's UUID, as text (`"550e8400-…"`).
    case uuid(String)
    /// A `uuid-name` from an insert earlier in the same transaction.
    case namedUUID(String)

    public var json: JSON {
        switch self {
        case .integer(let i): return .integer(i)
        case .real(let d): return .real(d)
        case .boolean(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .uuid(let u): return .array([.string("uuid"), .string(u)])
        case .namedUUID(let n): return .array([.string("named-uuid"), .string(n)])
        }
    }

    /// Decodes an atom without a schema (a JSON integer is an integer, and so on).
    public init(json: JSON) throws(OVSDBError) {
        switch json {
        case .integer(let i): self = .integer(i)
        case .real(let d): self = .real(d)
        case .bool(let b): self = .boolean(b)
        case .string(let s): self = .string(s)
        case .array(let pair) where pair.count == 2:
            switch (pair[0].stringValue, pair[1].stringValue) {
            case ("uuid", let u?): self = .uuid(u)
            case ("named-uuid", let n?): self = .namedUUID(n)
            default: throw .protocolViolation("not an atom: \(json)")
            }
        default: throw .protocolViolation("not an atom: \(json)")
        }
    }

    public var kind: AtomKind {
        switch self {
        case .integer: return .integer
        case .real: return .real
        case .boolean: return .boolean
        case .string: return .string
        case .uuid, .namedUUID: return .uuid
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var uuidValue: String? {
        if case .uuid(let u) = self { return u }
        return nil
    }

    public var integerValue: Int? {
        switch self {
        case .integer(let i): return i
        case .real(let d): return Int(exactly: d)
        default: return nil
        }
    }

    public var booleanValue: Bool? {
        if case .boolean(let b) = self { return b }
        return nil
    }

    public var description: String {
        switch self {
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .boolean(let b): return String(b)
        case .string(let s): return s
        case .uuid(let u): return u
        case .namedUUID(let n): return "@\(n)"
        }
    }
}

/// The base types of RFC 7047 §3.2.
public enum AtomKind: String, Sendable, Hashable {
    case integer, real, boolean, string, uuid
}

extension Atom: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
}
