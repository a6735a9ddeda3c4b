/// Everything that can go wrong talking to an OVSDB server, with messages an operator understands.
public enum OVSDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bytes from the server (or given to the parser) are not valid JSON.
    case malformedJSON(String)
    /// A well-formed message that does not follow RFC 7047.
    case protocolViolation(String)
    /// A remote string such as `tcp:host:port` could not be understood.
    case invalidRemote(String, reason: String)
    /// No connection (yet, or any more); `detail` says why.
    case notConnected(String)
    /// The connection dropped while the request was in flight: its outcome is unknown.
    case connectionLost(method: String)
    /// The JSON-RPC call itself failed (e.g. unknown database).
    case rpcFailed(method: String, error: String)
    /// An operation of a transaction failed on the server; the whole transaction was aborted.
    case operationFailed(index: Int, op: String, table: String?, error: String, details: String?)
    /// The server is a follower or not connected to its cluster; the write must go to the leader.
    case notLeader(String)
    /// A row value does not fit the schema: names table, column and reason.
    case schemaMismatch(table: String, column: String, reason: String)
    /// The database or a table is not in the server's schema.
    case unknownTable(database: String, table: String)
    /// The guard of a retried transaction failed: an earlier attempt, whose reply was lost, committed it.
    case alreadyCommitted(table: String)
    /// No answer in time.
    case timedOut(String)

    public var description: String {
        switch self {
        case .malformedJSON(let why): return "OVSDB: malformed JSON: \(why)"
        case .protocolViolation(let why): return "OVSDB: protocol violation: \(why)"
        case .invalidRemote(let remote, let reason): return "OVSDB remote \"\(remote)\": \(reason)"
        case .notConnected(let why): return "OVSDB: not connected: \(why)"
        case .connectionLost(let method):
            return "OVSDB: connection lost while \"\(method)\" was in flight; its outcome is unknown"
        case .rpcFailed(let method, let error): return "OVSDB: \"\(method)\" failed: \(error)"
        case .operationFailed(let index, let op, let table, let error, let details):
            let on = table.map { " on table \($0)" } ?? ""
            let more = details.map { ": \($0)" } ?? ""
            return "OVSDB transaction aborted: operation \(index) (\(op)\(on)) failed with \"\(error)\"\(more)"
        case .notLeader(let why): return "OVSDB: server is not the cluster leader: \(why)"
        case .schemaMismatch(let table, let column, let reason):
            return "OVSDB table \(table), column \(column): \(reason)"
        case .unknownTable(let database, let table): return "OVSDB database \(database) has no table \(table)"
        case .alreadyCommitted(let table):
            return "OVSDB: transaction on \(table) was already committed by an earlier attempt whose reply was lost"
        case .timedOut(let what): return "OVSDB: timed out: \(what)"
        }
    }

    /// True for a server error object that means "try the leader instead".
    static func isNotLeader(_ error: String, details: String?) -> Bool {
        let text = (error + " " + (details ?? "")).lowercased()
        return text.contains("not leader") || text.contains("not connected to cluster")
            || text.contains("not the leader")
    }
}
