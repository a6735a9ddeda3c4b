/// One operation of a `transact` request (RFC 7047 §5.2).
///
///     let ops: [OVSDBOperation] = [
///         .insert("Logical_Switch_Port", ["name": .atom("p1")], uuidName: "p1"),
///         .mutate("Logical_Switch", where: [.equal("name", "sw0")],
///                 mutations: [Mutation("ports", .insert, .set([.namedUUID("p1")]))]),
///     ]
public enum OVSDBOperation: Sendable, Equatable {
    case insert(_ table: String, _ row: Row, uuidName: String? = nil)
    case select(_ table: String, where: [Condition], columns: [String]? = nil)
    case update(_ table: String, where: [Condition], row: Row)
    case mutate(_ table: String, where: [Condition], mutations: [Mutation])
    case delete(_ table: String, where: [Condition])
    /// Waits (at most `timeout` ms; 0 = check once) until the selected rows do (`until: .equal`)
    /// or do not (`.notEqual`) equal `rows`; used as a guard that makes a write safe to repeat.
    case wait(_ table: String, where: [Condition], columns: [String], until: WaitUntil, rows: [Row], timeout: Int? = 0)
    case commit(durable: Bool)
    case abort
    case comment(String)
    case assert(lock: String)

    public enum WaitUntil: String, Sendable { case equal = "==", notEqual = "!=" }

    /// The operation's name on the wire.
    public var name: String {
        switch self {
        case .insert: return "insert"
        case .select: return "select"
        case .update: return "update"
        case .mutate: return "mutate"
        case .delete: return "delete"
        case .wait: return "wait"
        case .commit: return "commit"
        case .abort: return "abort"
        case .comment: return "comment"
        case .assert: return "assert"
        }
    }

    /// The table the operation works on, if any.
    public var table: String? {
        switch self {
        case .insert(let t, _, _), .select(let t, _, _), .update(let t, _, _), .mutate(let t, _, _),
            .delete(let t, _), .wait(let t, _, _, _, _, _):
            return t
        default: return nil
        }
    }

    /// The rows this operation writes, for schema checks.
    var writtenRow: Row? {
        switch self {
        case .insert(_, let row, _), .update(_, _, let row): return row
        default: return nil
        }
    }

    /// The wire form. `prefix` is prepended to every named UUID, so that operations from
    /// independent callers can be merged into one transaction without their names clashing.
    public func json(namePrefix prefix: String = "") -> JSON {
        var o: [String: JSON] = ["op": .string(name)]
        switch self {
        case .insert(let table, let row, let uuidName):
            o["table"] = .string(table)
            o["row"] = Self.encode(row, prefix)
            if let uuidName { o["uuid-name"] = .string(prefix + uuidName) }
        case .select(let table, let conditions, let columns):
            o["table"] = .string(table)
            o["where"] = .array(conditions.map { $0.json(prefix) })
            if let columns { o["columns"] = .array(columns.map(JSON.string)) }
        case .update(let table, let conditions, let row):
            o["table"] = .string(table)
            o["where"] = .array(conditions.map { $0.json(prefix) })
            o["row"] = Self.encode(row, prefix)
        case .mutate(let table, let conditions, let mutations):
            o["table"] = .string(table)
            o["where"] = .array(conditions.map { $0.json(prefix) })
            o["mutations"] = .array(mutations.map { $0.json(prefix) })
        case .delete(let table, let conditions):
            o["table"] = .string(table)
            o["where"] = .array(conditions.map { $0.json(prefix) })
        case .wait(let table, let conditions, let columns, let until, let rows, let timeout):
            o["table"] = .string(table)
            o["where"] = .array(conditions.map { $0.json(prefix) })
            o["columns"] = .array(columns.map(JSON.string))
            o["until"] = .string(until.rawValue)
            o["rows"] = .array(rows.map { Self.encode($0, prefix) })
            if let timeout { o["timeout"] = .integer(timeout) }
        case .commit(let durable): o["durable"] = .bool(durable)
        case .abort: break
        case .comment(let text): o["comment"] = .string(text)
        case .assert(let lock): o["lock"] = .string(lock)
        }
        return .object(o)
    }

    static func encode(_ row: Row, _ prefix: String) -> JSON {
        var o: [String: JSON] = [:]
        o.reserveCapacity(row.count)
        for (column, value) in row { o[column] = value.json(namePrefix: prefix) }
        return .object(o)
    }
}

/// A `where` clause element: `[column, function, value]`.
public struct Condition: Sendable, Equatable {
    public enum Function: String, Sendable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case includes, excludes
    }
    public var column: String
    public var function: Function
    public var value: Value

    public init(_ column: String, _ function: Function, _ value: Value) {
        self.column = column
        self.function = function
        self.value = value
    }

    public static func equal(_ column: String, _ atom: Atom) -> Condition { Condition(column, .equal, .atom(atom)) }
    /// `_uuid == uuid`.
    public static func uuid(_ uuid: String) -> Condition { Condition("_uuid", .equal, .atom(.uuid(uuid))) }

    func json(_ prefix: String) -> JSON {
        .array([.string(column), .string(function.rawValue), value.json(namePrefix: prefix)])
    }
}

/// A `mutations` element: `[column, mutator, value]`.
public struct Mutation: Sendable, Equatable {
    public enum Mutator: String, Sendable {
        case add = "+=", subtract = "-=", multiply = "*=", divide = "/=", remainder = "%="
        case insert, delete
    }
    public var column: String
    public var mutator: Mutator
    public var value: Value

    public init(_ column: String, _ mutator: Mutator, _ value: Value) {
        self.column = column
        self.mutator = mutator
        self.value = value
    }

    func json(_ prefix: String) -> JSON {
        .array([.string(column), .string(mutator.rawValue), value.json(namePrefix: prefix)])
    }
}

extension Value {
    func json(namePrefix prefix: String) -> JSON {
        if prefix.isEmpty { return json }
        switch self {
        case .atom(let a): return a.json(namePrefix: prefix)
        case .set(let atoms): return .array([.string("set"), .array(atoms.map { $0.json(namePrefix: prefix) })])
        case .map(let pairs):
            return .array([
                .string("map"),
                .array(pairs.map { .array([$0.key.json(namePrefix: prefix), $0.value.json(namePrefix: prefix)]) }),
            ])
        }
    }
}

extension Atom {
    func json(namePrefix prefix: String) -> JSON {
        if case .namedUUID(let n) = self { return .array([.string("named-uuid"), .string(prefix + n)]) }
        return json
    }
}
