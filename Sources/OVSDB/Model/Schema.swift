/// A database schema as returned by `get_schema` (RFC 7047 §3.2).
public struct DatabaseSchema: Sendable, Equatable {
    public var name: String
    public var version: String
    public var tables: [String: TableSchema]

    public init(json: JSON) throws(OVSDBError) {
        guard let name = json["name"]?.stringValue, let tables = json["tables"]?.objectValue else {
            throw .protocolViolation("schema lacks name or tables")
        }
        self.name = name
        self.version = json["version"]?.stringValue ?? ""
        var parsed: [String: TableSchema] = [:]
        for (tableName, tableJSON) in tables {
            parsed[tableName] = try TableSchema(name: tableName, json: tableJSON)
        }
        self.tables = parsed
    }

    public func table(_ name: String) throws(OVSDBError) -> TableSchema {
        guard let table = tables[name] else { throw .unknownTable(database: self.name, table: name) }
        return table
    }
}

/// One table of a schema.
public struct TableSchema: Sendable, Equatable {
    public var name: String
    public var columns: [String: ColumnType]
    public var isRoot: Bool
    public var indexes: [[String]]

    init(name: String, json: JSON) throws(OVSDBError) {
        self.name = name
        guard let columns = json["columns"]?.objectValue else { throw .protocolViolation("table \(name) has no columns") }
        var parsed: [String: ColumnType] = [:]
        for (column, columnJSON) in columns {
            guard let type = columnJSON["type"] else {
                throw .schemaMismatch(table: name, column: column, reason: "no type in schema")
            }
            parsed[column] = try ColumnType(json: type, table: name, column: column)
        }
        self.columns = parsed
        self.isRoot = json["isRoot"]?.boolValue ?? false
        self.indexes = (json["indexes"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.stringValue) }
    }

    /// Checks that `row` fits this table: known columns, right atom kinds, allowed counts and
    /// enumerations. Named UUIDs are accepted wherever a UUID is.
    public func check(_ row: Row) throws(OVSDBError) {
        for (column, value) in row {
            guard let type = columns[column] else {
                throw .schemaMismatch(table: name, column: column, reason: "no such column in this schema")
            }
            try type.check(value, table: name, column: column)
        }
    }

    /// Converts a value as received from the server into the canonical shape for `column`:
    /// scalars as `.atom`, maps as `.map`, everything else as `.set`.
    public func normalize(_ value: Value, column: String) -> Value {
        guard let type = columns[column] else { return value }
        return type.normalize(value)
    }
}

/// A column type: key base type, optional value base type (maps), and element counts.
public struct ColumnType: Sendable, Equatable {
    public var key: BaseType
    public var value: BaseType?
    public var min: Int
    /// `Int.max` for "unlimited".
    public var max: Int

    public var isMap: Bool { value != nil }
    public var isScalar: Bool { value == nil && min == 1 && max == 1 }

    init(json: JSON, table: String, column: String) throws(OVSDBError) {
        if let simple = json.stringValue {
            guard let kind = AtomKind(rawValue: simple) else {
                throw .schemaMismatch(table: table, column: column, reason: "unknown type \(simple)")
            }
            key = BaseType(kind: kind)
            value = nil
            min = 1
            max = 1
            return
        }
        guard let keyJSON = json["key"] else {
            throw .schemaMismatch(table: table, column: column, reason: "type has no key")
        }
        key = try BaseType(json: keyJSON, table: table, column: column)
        value = try json["value"].map { j throws(OVSDBError) in try BaseType(json: j, table: table, column: column) }
        min = json["min"]?.intValue ?? 1
        if json["max"]?.stringValue == "unlimited" { max = .max } else { max = json["max"]?.intValue ?? 1 }
    }

    func check(_ v: Value, table: String, column: String) throws(OVSDBError) {
        let count: Int
        switch v {
        case .atom(let a):
            guard !isMap else { throw .schemaMismatch(table: table, column: column, reason: "expects a map, got \(a)") }
            try key.check(a, table: table, column: column)
            count = 1
        case .set(let atoms):
            guard !isMap || atoms.isEmpty else {
                throw .schemaMismatch(table: table, column: column, reason: "expects a map, got a set")
            }
            for a in atoms { try key.check(a, table: table, column: column) }
            count = atoms.count
        case .map(let pairs):
            guard let valueType = value else {
                throw .schemaMismatch(table: table, column: column, reason: "expects \(key.kind) values, got a map")
            }
            for (k, val) in pairs {
                try key.check(k, table: table, column: column)
                try valueType.check(val, table: table, column: column)
            }
            count = pairs.count
        }
        guard count >= min, count <= max else {
            let limit = max == .max ? "at least \(min)" : (min == max ? "exactly \(min)" : "\(min)…\(max)")
            throw .schemaMismatch(table: table, column: column, reason: "has \(count) elements, schema allows \(limit)")
        }
    }

    func normalize(_ v: Value) -> Value {
        if isMap {
            if case .map = v { return v }
            return .map([:])
        }
        if isScalar, let single = v.single { return .atom(single) }
        switch v {
        case .atom(let a): return .set([a])
        default: return v
        }
    }

    /// Applies an `update2` "modify" diff: scalars are replaced, set elements present in the
    /// diff are toggled, map pairs are removed when the same pair is in the diff, else set.
    func apply(diff: Value, to old: Value?) -> Value {
        if isScalar { return normalize(diff) }
        if isMap {
            var pairs = old?.pairs ?? [:]
            for (k, v) in diff.pairs {
                if pairs[k] == v { pairs[k] = nil } else { pairs[k] = v }
            }
            return .map(pairs)
        }
        // Toggle the diff's elements in the old set itself: rebuilding a set of thousands of
        // uuids for each port added to a switch made every update O(n).
        var atoms: Set<Atom>
        switch old {
        case .set(let set)?: atoms = set
        case .atom(let atom)?: atoms = [atom]
        default: atoms = []
        }
        for a in diff.atoms {
            if atoms.contains(a) { atoms.remove(a) } else { atoms.insert(a) }
        }
        return .set(atoms)
    }
}

/// The type of a key or value: atom kind plus the constraints the client checks.
public struct BaseType: Sendable, Equatable {
    public var kind: AtomKind
    public var enumeration: Set<Atom>?
    public var refTable: String?
    public var minInteger: Int?
    public var maxInteger: Int?

    init(kind: AtomKind) { self.kind = kind }

    init(json: JSON, table: String, column: String) throws(OVSDBError) {
        if let simple = json.stringValue {
            guard let kind = AtomKind(rawValue: simple) else {
                throw .schemaMismatch(table: table, column: column, reason: "unknown type \(simple)")
            }
            self.kind = kind
            return
        }
        guard let kindName = json["type"]?.stringValue, let kind = AtomKind(rawValue: kindName) else {
            throw .schemaMismatch(table: table, column: column, reason: "base type without a valid \"type\"")
        }
        self.kind = kind
        if let e = json["enum"] {
            let value = try Value(json: e)
            enumeration = Set(value.atoms)
        }
        refTable = json["refTable"]?.stringValue
        minInteger = json["minInteger"]?.intValue
        maxInteger = json["maxInteger"]?.intValue
    }

    func check(_ atom: Atom, table: String, column: String) throws(OVSDBError) {
        let matches = atom.kind == kind || (kind == .real && atom.kind == .integer)
        guard matches else {
            throw .schemaMismatch(table: table, column: column, reason: "expects \(kind), got \(atom.kind) \(atom)")
        }
        if let enumeration, !enumeration.contains(atom) {
            let allowed = enumeration.map(\.description).sorted().joined(separator: ", ")
            throw .schemaMismatch(table: table, column: column, reason: "\"\(atom)\" is not one of \(allowed)")
        }
        if let i = atom.integerValue, kind == .integer {
            if let minInteger, i < minInteger {
                throw .schemaMismatch(table: table, column: column, reason: "\(i) is below the minimum \(minInteger)")
            }
            if let maxInteger, i > maxInteger {
                throw .schemaMismatch(table: table, column: column, reason: "\(i) is above the maximum \(maxInteger)")
            }
        }
    }
}
