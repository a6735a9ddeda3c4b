/// How several callers' transactions become one: their operations in order, with named UUIDs
/// prefixed per caller — and, when the batch holds only inserts and set-`insert` mutations,
/// every mutation of the same column of the same rows folded into one (10 000 callers each
/// adding a port to one of 100 switches become 100 mutations, not 10 000). The folded
/// mutations go last, after every insert they may reference.
struct BatchPlan {
    /// The `transact` params after the database name.
    var wire: [JSON] = []
    /// For each caller, for each of its operations: the index of its result in the reply.
    var resultIndex: [[Int]] = []
    /// For each wire operation: the caller that alone owns it, or nil for a folded mutation.
    var owner: [Int?] = []

    init(_ transactions: [[OVSDBOperation]]) {
        let prefixFor: (Int) -> String = { transactions.count == 1 ? "" : "b\($0)_" }
        let foldable = transactions.count > 1 && transactions.allSatisfy { $0.allSatisfy(Self.isFoldable) }
        var folded: [String: (table: String, conditions: [Condition], column: String, atoms: [JSON], users: [(Int, Int)])] = [:]
        var foldOrder: [String] = []
        resultIndex = transactions.map { Array(repeating: -1, count: $0.count) }
        for (t, operations) in transactions.enumerated() {
            let prefix = prefixFor(t)
            for (o, op) in operations.enumerated() {
                if foldable, case .mutate(let table, let conditions, let mutations) = op, case .insert = mutations[0].mutator,
                    !mutations.isEmpty
                {
                    // A deterministic key (a JSON object's text depends on dictionary order).
                    let key = ([table, mutations[0].column] + conditions.map { "\($0.column) \($0.function.rawValue) \($0.value)" })
                        .joined(separator: "\u{1}")
                    if folded[key] == nil {
                        folded[key] = (table, conditions, mutations[0].column, [], [])
                        foldOrder.append(key)
                    }
                    folded[key]!.atoms.append(contentsOf: mutations[0].value.atoms.map { $0.json(namePrefix: prefix) })
                    folded[key]!.users.append((t, o))
                    continue
                }
                resultIndex[t][o] = wire.count
                owner.append(t)
                wire.append(op.json(namePrefix: prefix))
            }
        }
        for key in foldOrder {
            let fold = folded[key]!
            for (t, o) in fold.users { resultIndex[t][o] = wire.count }
            owner.append(nil)
            wire.append(.object([
                "op": "mutate", "table": .string(fold.table), "where": .array(fold.conditions.map { $0.json("") }),
                "mutations": .array([.array([.string(fold.column), "insert", .array([.string("set"), .array(fold.atoms)])])]),
            ]))
        }
    }

    /// Inserts, and mutations that only add set elements to rows chosen without named UUIDs.
    static func isFoldable(_ op: OVSDBOperation) -> Bool {
        switch op {
        case .insert: return true
        case .mutate(_, let conditions, let mutations):
            guard mutations.count == 1, mutations[0].mutator == .insert else { return false }
            if case .map = mutations[0].value { return false }
            return !conditions.contains { $0.value.atoms.contains { if case .namedUUID = $0 { return true } else { return false } } }
        default: return false
        }
    }
}
