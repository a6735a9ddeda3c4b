/// The result of one successful operation (RFC 7047 §5.2).
public struct OperationResult: Sendable, Equatable {
    /// The new row's UUID, for `insert`.
    public var uuid: String?
    /// Rows matched, for `update`, `mutate` and `delete`.
    public var count: Int?
    /// Rows returned by `select`, each with `_uuid` kept as a `.atom(.uuid)` value.
    public var rows: [Row]?

    public init(uuid: String? = nil, count: Int? = nil, rows: [Row]? = nil) {
        self.uuid = uuid
        self.count = count
        self.rows = rows
    }

    init(json: JSON) throws(OVSDBError) {
        if let u = json["uuid"] { uuid = try Atom(json: u).uuidValue }
        count = json["count"]?.intValue
        if let rowsJSON = json["rows"]?.arrayValue {
            var rows: [Row] = []
            for r in rowsJSON {
                var row: Row = [:]
                for (column, v) in r.objectValue ?? [:] { row[column] = try Value(json: v) }
                rows.append(row)
            }
            self.rows = rows
        }
    }

    /// Splits a `transact` reply into results, throwing the first error with the failing
    /// operation's index, name and table. An error after the last operation is the commit's.
    static func parse(_ reply: JSON, for operations: [OVSDBOperation]) throws(OVSDBError) -> [OperationResult] {
        guard let items = reply.arrayValue else { throw .protocolViolation("transact reply is not an array: \(reply)") }
        var results: [OperationResult] = []
        results.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if let error = item["error"]?.stringValue {
                let details = item["details"]?.stringValue
                if OVSDBError.isNotLeader(error, details: details) { throw .notLeader("\(error): \(details ?? "")") }
                let op = index < operations.count ? operations[index] : nil
                throw .operationFailed(index: index, op: op?.name ?? "commit", table: op?.table, error: error, details: details)
            }
            results.append(try OperationResult(json: item))
        }
        guard results.count >= operations.count else {
            throw .protocolViolation("transact reply has \(results.count) results for \(operations.count) operations")
        }
        return Array(results.prefix(operations.count))
    }
}
