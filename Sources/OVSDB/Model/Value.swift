/// A column value (RFC 7047 §5.1): a single atom, a set of atoms or a map.
///
/// Sets and maps are unordered: two values compare equal whatever the order of elements.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case atom(Atom)
    case set(Set<Atom>)
    case map([Atom: Atom])

    public static let emptySet = Value.set([])

    /// A string-to-string map, the shape of every `external_ids`/`options` column.
    public static func stringMap(_ pairs: [String: String]) -> Value {
        .map(Dictionary(uniqueKeysWithValues: pairs.map { (Atom.string($0.key), Atom.string($0.value)) }))
    }

    /// A set of strings (e.g. `addresses`).
    public static func strings(_ items: [String]) -> Value { .set(Set(items.map(Atom.string))) }

    /// A set of UUIDs (reference columns).
    public static func uuids(_ items: [String]) -> Value { .set(Set(items.map(Atom.uuid))) }

    /// The wire form: atoms bare, sets as `["set", […]]`, maps as `["map", [[k, v], …]]`.
    public var json: JSON {
        switch self {
        case .atom(let a): return a.json
        case .set(let atoms): return .array([.string("set"), .array(atoms.map(\.json))])
        case .map(let pairs): return .array([.string("map"), .array(pairs.map { .array([$0.key.json, $0.value.json]) })])
        }
    }

    /// Decodes a value without a schema.
    public init(json: JSON) throws(OVSDBError) {
        if case .array(let parts) = json, parts.count == 2, let tag = parts[0].stringValue, let items = parts[1].arrayValue {
            switch tag {
            case "set":
                var atoms = Set<Atom>()
                for item in items { atoms.insert(try Atom(json: item)) }
                self = .set(atoms)
                return
            case "map":
                var pairs: [Atom: Atom] = [:]
                for item in items {
                    guard let kv = item.arrayValue, kv.count == 2 else { throw .protocolViolation("bad map pair \(item)") }
                    pairs[try Atom(json: kv[0])] = try Atom(json: kv[1])
                }
                self = .map(pairs)
                return
            default: break
            }
        }
        self = .atom(try Atom(json: json))
    }

    /// The atoms of a single value or set (a map gives its keys).
    public var atoms: [Atom] {
        switch self {
        case .atom(let a): return [a]
        case .set(let s): return Array(s)
        case .map(let m): return Array(m.keys)
        }
    }

    /// The single atom of a scalar or one-element set; nil for an empty set.
    public var single: Atom? {
        switch self {
        case .atom(let a): return a
        case .set(let s) where s.count == 1: return s.first
        default: return nil
        }
    }

    /// The pairs of a map (an empty set, which is how an empty map may arrive, gives none).
    public var pairs: [Atom: Atom] {
        if case .map(let m) = self { return m }
        return [:]
    }

    /// A map's string pairs.
    public var stringMap: [String: String] {
        var out: [String: String] = [:]
        for (k, v) in pairs { if let k = k.stringValue, let v = v.stringValue { out[k] = v } }
        return out
    }

    public var description: String {
        switch self {
        case .atom(let a): return a.description
        case .set(let s): return "[" + s.map(\.description).sorted().joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ", ") + "}"
        }
    }
}

/// A row: column name → value. `_uuid` and `_version` are not stored in it.
public typealias Row = [String: Value]

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .atom(.string(value)) }
    public init(integerLiteral value: Int) { self = .atom(.integer(value)) }
    public init(booleanLiteral value: Bool) { self = .atom(.boolean(value)) }
}
