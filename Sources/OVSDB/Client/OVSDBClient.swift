import NIOCore
import NIOPosix
import Synchronization

/// A long-lived OVSDB client: keeps one connection to the (leader) server among `remotes`,
/// monitors tables into a local `Replica`, and reconnects with backoff — re-establishing the
/// monitors, rebuilding the replica and emitting `.reconnected` so the caller can resync.
///
/// Run it like a service and use it from any task:
///
///     let client = OVSDBClient(remotes: try Remote.parseList(env), database: "OVN_Northbound",
///                              monitoring: ["Logical_Switch": nil])
///     try await withThrowingTaskGroup(of: Void.self) { group in
///         group.addTask { try await client.run() }
///         try await client.waitUntilReady()
///         _ = try await client.transact([.insert("Logical_Switch", ["name": .atom("sw0")])])
///         group.cancelAll()
///     }
///
/// Writes are never repeated blindly. A transaction whose reply is lost (connection dropped,
/// leader killed) has an unknown outcome; it is retried automatically only when its first
/// operation is a `wait` guard that fails once the write has taken effect (see
/// `OVSDBOperation.wait`): the retry then either commits the write or fails the guard, which is
/// reported as `OVSDBError.alreadyCommitted`. Unguarded writes report `connectionLost`.
/// Requests never sent (no connection) are always safe to retry and are.
///
/// Every wait is bounded: a transaction (including the wait for a connection) fails after
/// `requestTimeout` (or its own `timeout`) with ``OVSDBError/timedOut(_:)`` naming the remote,
/// and every call honours task cancellation.
public actor OVSDBClient {
    /// Something that happened to the connection or the replica.
    public enum Event: Sendable, Equatable {
        /// Monitors established on `remote`; `reconnected` after an earlier connection was lost.
        case ready(remote: String, reconnected: Bool)
        case disconnected(reason: String)
        case changes([RowChange])
    }

    public nonisolated let remotes: [Remote]
    public nonisolated let database: String
    /// Table → columns to monitor (nil: all columns).
    public nonisolated let monitoredTables: [String: [String]?]
    /// Concurrent callers of `transactCoalesced` share at most this many transactions in flight.
    public var maximumBatchesInFlight = 2
    public var maximumOperationsPerBatch = 40_000
    /// How long a call may wait (for a connection, then for the reply) when it names no timeout.
    public nonisolated let requestTimeout: Duration

    public nonisolated let events: AsyncStream<Event>
    private let eventSink: AsyncStream<Event>.Continuation
    private let store = ReplicaStore()
    private let group: any EventLoopGroup
    private let keepAlive: TimeAmount

    private var connection: OVSDBConnection?
    private var connectionNumber = 0
    private var schemaValue: DatabaseSchema?
    private var readyWaiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    private var nextWaiterID = 0
    /// Why the last connection attempt failed, for the error of a call that timed out waiting.
    private var lastFailure: String?
    private var lossSignal: AsyncStream<Int>.Continuation?
    private var stopped = false
    private var monitorID = 0

    public init(
        remotes: [Remote], database: String, monitoring tables: [String: [String]?] = [:],
        keepAlive: TimeAmount = .seconds(5), requestTimeout: Duration = .seconds(30),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.remotes = remotes
        self.requestTimeout = requestTimeout
        self.database = database
        self.monitoredTables = tables
        self.keepAlive = keepAlive
        self.group = eventLoopGroup
        (events, eventSink) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    /// The monitored tables as last seen. A copy: prefer ``read(_:)`` for lookups in hot paths,
    /// since every update that arrives while a copy is alive copies the table it changes.
    public nonisolated var replica: Replica { store.snapshot }

    /// Runs `body` on the current replica without copying it; keep `body` short (it holds the
    /// lock that monitor updates wait for).
    public nonisolated func read<T>(_ body: (Replica) throws -> T) rethrows -> T { try store.read(body) }

    public var schema: DatabaseSchema {
        get throws(OVSDBError) {
            guard let schemaValue else { throw .notConnected("schema of \(database) not loaded yet") }
            return schemaValue
        }
    }

    public var connectedRemote: Remote? { connection?.remote }

    // MARK: - Lifecycle

    /// Runs the connection lifecycle until the task is cancelled.
    public func run() async throws {
        var machine = ConnectionStateMachine(remoteCount: remotes.count)
        let (losses, lossSink) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .unbounded)
        lossSignal = lossSink
        var lossIterator = losses.makeAsyncIterator()
        var action = machine.start()
        defer { lossSink.finish() }
        while !Task.isCancelled {
            switch action {
            case .connect(let index):
                do {
                    try await connect(to: remotes[index])
                    action = machine.connected()
                } catch {
                    lastFailure = "\(remotes[index]): \(error)"
                    action = machine.failed()
                }
            case .checkLeader:
                do {
                    let leader = try await isLeader()
                    if !leader { lastFailure = "\(connection?.remote.description ?? "?") is not the cluster leader" }
                    action = machine.leaderChecked(isLeader: leader)
                } catch {
                    lastFailure = "\(connection?.remote.description ?? "?"): \(error)"
                    action = machine.failed()
                }
            case .establishMonitors:
                do {
                    try await establishMonitors()
                    action = machine.monitorsEstablished()
                } catch {
                    lastFailure = "\(connection?.remote.description ?? "?"): \(error)"
                    action = machine.failed()
                }
            case .becomeReady(let reconnected):
                eventSink.yield(.ready(remote: connection?.remote.description ?? "", reconnected: reconnected))
                lastFailure = nil
                for waiter in readyWaiters.values { waiter.resume() }
                readyWaiters.removeAll()
                // Wait for this connection to end (closed, or a "not leader" reply).
                let current = connectionNumber
                while let lost = await lossIterator.next(), lost != current {}
                if Task.isCancelled { break }
                eventSink.yield(.disconnected(reason: "connection to \(connection?.remote.description ?? "?") lost"))
                action = machine.failed()
            case .closeAndRetry(let delay):
                await dropConnection()
                if delay > 0 { try? await Task.sleep(for: .milliseconds(delay)) }
                action = machine.retryTimerFired()
            case .close, .none:
                await dropConnection()
                return
            }
        }
        stopped = true
        _ = machine.stop()
        await dropConnection()
        for waiter in readyWaiters.values { waiter.resume(throwing: OVSDBError.notConnected("client stopped")) }
        readyWaiters.removeAll()
        eventSink.finish()
    }

    /// Returns once a connection with established monitors exists; throws
    /// ``OVSDBError/timedOut(_:)`` after `timeout` (default ``requestTimeout``), naming the
    /// remotes and why the last attempt failed, and `CancellationError` when cancelled.
    public func waitUntilReady(timeout: Duration? = nil) async throws {
        if connection != nil, schemaValue != nil, isReady { return }
        if stopped { throw OVSDBError.notConnected("client stopped") }
        let limit = timeout ?? requestTimeout
        let id = nextWaiterID
        nextWaiterID += 1
        let timer = Task { [weak self] in
            try await Task.sleep(for: limit)
            await self?.expireWaiter(id, after: limit)
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { readyWaiters[id] = continuation }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func expireWaiter(_ id: Int, after limit: Duration) {
        let why = lastFailure.map { " (last attempt: \($0))" } ?? ""
        readyWaiters.removeValue(forKey: id)?.resume(throwing: OVSDBError.timedOut(
            "no connection to \(database) at \(remotes.map(\.description).joined(separator: ",")) within \(limit)\(why)"))
    }

    private func cancelWaiter(_ id: Int) {
        readyWaiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }

    private var isReady = false

    private func connect(to remote: Remote) async throws {
        connectionNumber += 1
        let number = connectionNumber
        let store = self.store
        let sink = eventSink
        let monitorTag = JSON.string("scnet-\(number)")
        // Notifications are applied on the event loop, in wire order (see ReplicaStore).
        let schemaBox = SchemaBox()
        self.schemaBox = schemaBox
        connection = try await OVSDBConnection.connect(
            to: remote, on: group, keepAliveInterval: keepAlive,
            onNotification: { method, params in
                guard params.count >= 2, params[0] == monitorTag, let schema = schemaBox.value else { return }
                let changes: [RowChange]
                switch method {
                case "update2": changes = store.apply(params[1], schema: schema, diffs: true)
                case "update": changes = store.apply(params[1], schema: schema, diffs: false)
                default: return
                }
                if !changes.isEmpty { sink.yield(.changes(changes)) }
            },
            onClose: { [weak self] in
                guard let self else { return }
                Task { await self.connectionEnded(number) }
            })
    }

    private var schemaBox: SchemaBox?

    private func connectionEnded(_ number: Int) {
        if number == connectionNumber { isReady = false }
        lossSignal?.yield(number)
    }

    private func dropConnection() async {
        isReady = false
        if let connection { await connection.close() }
        connection = nil
    }

    /// Standalone databases and servers without `_Server` count as leaders.
    private func isLeader() async throws -> Bool {
        guard let connection else { throw OVSDBError.notConnected("no connection") }
        let dbs = try await connection.listDatabases(timeout: requestTimeout)
        guard dbs.contains(database) || dbs.contains("_Server") else {
            throw OVSDBError.rpcFailed(method: "list_dbs", error: "server has no database \(database)")
        }
        guard dbs.contains("_Server") else { return true }
        let results = try await connection.transact(
            "_Server",
            [.select("Database", where: [.equal("name", .string(database))], columns: ["model", "connected", "leader"])], timeout: requestTimeout)
        guard let row = results.first?.rows?.first else { return false }
        let connected = row["connected"]?.single?.booleanValue ?? false
        let leader = row["leader"]?.single?.booleanValue ?? false
        return connected && leader
    }

    private func establishMonitors() async throws {
        guard let connection else { throw OVSDBError.notConnected("no connection") }
        let schema = try await connection.schema(of: database, timeout: requestTimeout)
        schemaValue = schema
        schemaBox?.value = schema
        let monitorTag = JSON.string("scnet-\(connectionNumber)")
        var requests: [String: JSON] = [:]
        for (table, columns) in monitoredTables {
            guard schema.tables[table] != nil else { continue }  // older schema: skip, don't fail
            var request: [String: JSON] = [:]
            if let columns { request["columns"] = .array(columns.filter { schema.tables[table]?.columns[$0] != nil }.map(JSON.string)) }
            requests[table] = .array([.object(request)])
        }
        if !requests.isEmpty {
            let store = self.store
            let sink = eventSink
            let params: [JSON] = [.string(database), monitorTag, .object(requests)]
            do {
                // The reply is applied on the event loop before any later update2 is read.
                try await connection.call("monitor_cond", params, timeout: requestTimeout) { initial in
                    let changes = store.reset(to: initial, schema: schema)
                    if !changes.isEmpty { sink.yield(.changes(changes)) }
                }
            } catch OVSDBError.rpcFailed(let method, let error) where error.contains("unknown method") {
                _ = method
                try await connection.call("monitor", params, timeout: requestTimeout) { initial in
                    let changes = store.reset(to: Self.asUpdate2Initial(initial), schema: schema)
                    if !changes.isEmpty { sink.yield(.changes(changes)) }
                }
            }
        } else {
            _ = store.reset(to: [:], schema: schema)
        }
        isReady = true
    }

    /// Turns a `monitor` reply (`{"new": row}`) into `update2` `initial` form.
    nonisolated static func asUpdate2Initial(_ updates: JSON) -> JSON {
        var out: [String: JSON] = [:]
        for (table, rows) in updates.objectValue ?? [:] {
            var converted: [String: JSON] = [:]
            for (uuid, update) in rows.objectValue ?? [:] { if let new = update["new"] { converted[uuid] = ["initial": new] } }
            out[table] = .object(converted)
        }
        return .object(out)
    }

    // MARK: - Transactions

    private func readyConnection(by deadline: ContinuousClock.Instant) async throws -> OVSDBConnection {
        while true {
            if stopped { throw OVSDBError.notConnected("client stopped") }
            if isReady, let connection {
                if connection.isActive { return connection }
                // Closed, but the close notification has not reached us yet: record the loss
                // now, or this loop would spin on the actor and keep that notification out.
                isReady = false
                lossSignal?.yield(connectionNumber)
            }
            try await waitUntilReady(timeout: try remaining(until: deadline, "waiting for a connection"))
        }
    }

    /// The time left until `deadline`; throws ``OVSDBError/timedOut(_:)`` when none is.
    private func remaining(until deadline: ContinuousClock.Instant, _ what: String) throws -> Duration {
        let left = deadline - .now
        guard left > .zero else {
            throw OVSDBError.timedOut("\(what) on \(remotes.map(\.description).joined(separator: ",")): the call's deadline passed")
        }
        return left
    }

    /// Runs `operations` as one transaction on the leader, checking inserted/updated rows
    /// against the schema first. See the type's documentation for retry rules. Fails with
    /// ``OVSDBError/timedOut(_:)`` after `timeout` (default ``requestTimeout``); a transaction
    /// that timed out after it was sent has an unknown outcome.
    public func transact(_ operations: [OVSDBOperation], timeout: Duration? = nil) async throws -> [OperationResult] {
        try await withRetries(operations, deadline: .now + (timeout ?? requestTimeout)) { connection, left in
            do {
                return .success(try await connection.transact(database, operations, timeout: left))
            } catch let error as OVSDBError {
                return .failure(error)
            }
        }
    }

    /// Checks `operations` against the schema, then runs `attempt` on the ready connection
    /// until it succeeds or ``handleFailure`` says a retry is not safe.
    private func withRetries(
        _ operations: [OVSDBOperation], deadline: ContinuousClock.Instant,
        _ attempt: (OVSDBConnection, Duration) async throws -> Result<[OperationResult], OVSDBError>
    ) async throws -> [OperationResult] {
        try checkSchema(operations)
        var attempts = 0
        var uncertain = false
        while true {
            attempts += 1
            try Task.checkCancellation()
            let connection = try await readyConnection(by: deadline)
            switch try await attempt(connection, try remaining(until: deadline, "transact on \(database)")) {
            case .success(let results):
                return results
            case .failure(let error):
                if try handleFailure(error, operations: operations, uncertain: &uncertain, connection: connection, attempt: attempts) {
                    continue
                }
                throw error
            }
        }
    }

    /// Decides whether a failed attempt may be retried; throws `alreadyCommitted` when a guard
    /// failed after an attempt with unknown outcome. Returns true to retry.
    private func handleFailure(_ error: OVSDBError, operations: [OVSDBOperation], uncertain: inout Bool,
                               connection: OVSDBConnection, attempt: Int) throws -> Bool {
        let guarded = isSafeToRepeat(operations)
        switch error {
        case .notConnected:
            return attempt < 50
        case .notLeader:
            signalLoss(of: connection)
            // The transaction was rejected, not committed: safe to send again.
            return attempt < 50
        case .connectionLost:
            signalLoss(of: connection)
            uncertain = true
            return guarded && attempt < 50
        case .operationFailed(0, "wait", let table, _, _) where uncertain && guarded:
            throw OVSDBError.alreadyCommitted(table: table ?? "?")
        case .operationFailed(_, _, let table, "constraint violation", _) where uncertain && guarded:
            throw OVSDBError.alreadyCommitted(table: table ?? operations.compactMap(\.table).first ?? "?")
        default:
            return false
        }
    }

    private func signalLoss(of connection: OVSDBConnection) {
        if connection === self.connection {
            isReady = false
            lossSignal?.yield(connectionNumber)
        }
    }

    /// True when a repeat of an attempt that did commit must fail (see the type's documentation).
    func isSafeToRepeat(_ operations: [OVSDBOperation]) -> Bool {
        if case .wait = operations.first { return true }
        guard let schemaValue else { return false }
        for case .insert(let table, let row, _) in operations {
            guard let indexes = schemaValue.tables[table]?.indexes else { continue }
            if indexes.contains(where: { !$0.isEmpty && $0.allSatisfy { row[$0] != nil } }) { return true }
        }
        return false
    }

    private func checkSchema(_ operations: [OVSDBOperation]) throws {
        guard let schemaValue else { return }
        for op in operations {
            guard let table = op.table else { continue }
            let tableSchema = try schemaValue.table(table)
            if let row = op.writtenRow { try tableSchema.check(row) }
        }
    }

    // MARK: - Coalescing

    private struct Submission {
        var operations: [OVSDBOperation]
        var continuation: CheckedContinuation<Turn, Never>?
    }

    private enum Turn {
        case send
        case done(Result<[OperationResult], OVSDBError>)
    }

    private var queue: [Submission] = []
    private var queueHead = 0
    private var batchesInFlight = 0

    /// Like `transact`, but concurrent callers' transactions are merged into fewer, larger
    /// transactions (named UUIDs are prefixed per caller so they cannot clash). A merged
    /// transaction that fails in one caller's operations is re-sent without them, so each
    /// caller sees exactly the outcome its own operations would have had alone.
    public func transactCoalesced(_ operations: [OVSDBOperation], timeout: Duration? = nil) async throws -> [OperationResult] {
        try await withRetries(operations, deadline: .now + (timeout ?? requestTimeout)) { connection, left in
            if batchesInFlight < maximumBatchesInFlight {
                batchesInFlight += 1
                return await sendBatch(leading: operations, on: connection, timeout: left)
            }
            let turn = await withCheckedContinuation { queue.append(Submission(operations: operations, continuation: $0)) }
            switch turn {
            case .send: return await sendBatch(leading: operations, on: connection, timeout: left)
            case .done(let r): return r
            }
        }
    }

    /// Sends the caller's operations plus whatever is queued as one transaction (the caller
    /// already holds a batch slot), resumes the queued callers with their share, and hands
    /// the slot to the next queued caller.
    private func sendBatch(leading operations: [OVSDBOperation], on connection: OVSDBConnection,
                           timeout: Duration) async -> Result<[OperationResult], OVSDBError> {
        var members: [Submission] = [Submission(operations: operations, continuation: nil)]
        var total = operations.count
        while queueHead < queue.count, total + queue[queueHead].operations.count <= maximumOperationsPerBatch {
            total += queue[queueHead].operations.count
            members.append(queue[queueHead])
            queueHead += 1
        }
        if queueHead > 1024, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        var own: Result<[OperationResult], OVSDBError> = .failure(.notConnected("batch not sent"))
        while !members.isEmpty {
            let plan = BatchPlan(members.map(\.operations))
            do {
                let reply = try await connection.call("transact", [.string(database)] + plan.wire, timeout: timeout)
                guard let items = reply.arrayValue else { throw OVSDBError.protocolViolation("transact reply is not an array") }
                for (index, item) in items.enumerated() where item["error"] != nil {
                    let error = item["error"]?.stringValue ?? "unknown error"
                    let details = item["details"]?.stringValue
                    if OVSDBError.isNotLeader(error, details: details) { throw OVSDBError.notLeader("\(error): \(details ?? "")") }
                    let owner = index < plan.owner.count ? plan.owner[index] : nil
                    guard let owner, let local = plan.resultIndex[owner].firstIndex(of: index) else {
                        throw OVSDBError.operationFailed(index: index, op: "commit", table: nil, error: error, details: details)
                    }
                    // Only the caller that owns the failing operation fails; the others go again.
                    let op = members[owner].operations[local]
                    finish(members[owner], .failure(.operationFailed(index: local, op: op.name, table: op.table, error: error, details: details)), own: &own)
                    members.remove(at: owner)
                    throw RetryBatch()
                }
                guard items.count >= plan.owner.count else {
                    throw OVSDBError.protocolViolation("transact reply has \(items.count) results for \(plan.owner.count) operations")
                }
                var decoded: [OperationResult] = []
                decoded.reserveCapacity(items.count)
                for item in items { decoded.append(try OperationResult(json: item)) }
                for (m, member) in members.enumerated() {
                    finish(member, .success(plan.resultIndex[m].map { decoded[$0] }), own: &own)
                }
                members.removeAll()
            } catch is RetryBatch {
                continue
            } catch let error as OVSDBError {
                if case .operationFailed = error, members.count > 1 {
                    // A commit-time failure (referential integrity, unique index) cannot be
                    // pinned on one caller: run each caller's transaction alone, pipelined.
                    let outcomes = await Self.transactSeparately(members.map(\.operations), database: database, on: connection, timeout: timeout)
                    for (member, outcome) in zip(members, outcomes) { finish(member, outcome, own: &own) }
                } else {
                    for member in members { finish(member, .failure(error), own: &own) }
                }
                members.removeAll()
            } catch {
                for member in members { finish(member, .failure(.protocolViolation("\(error)")), own: &own) }
                members.removeAll()
            }
        }
        // Hand our slot to the next waiting caller, if any.
        if queueHead < queue.count, let next = queue[queueHead].continuation {
            queueHead += 1
            next.resume(returning: .send)
        } else {
            batchesInFlight -= 1
        }
        return own
    }

    private nonisolated static func transactSeparately(
        _ transactions: [[OVSDBOperation]], database: String, on connection: OVSDBConnection, timeout: Duration
    ) async -> [Result<[OperationResult], OVSDBError>] {
        await withTaskGroup(of: (Int, Result<[OperationResult], OVSDBError>).self) { group in
            for (i, operations) in transactions.enumerated() {
                group.addTask {
                    do { return (i, .success(try await connection.transact(database, operations, timeout: timeout))) }
                    catch let error as OVSDBError { return (i, .failure(error)) }
                    catch { return (i, .failure(.protocolViolation("\(error)"))) }
                }
            }
            var outcomes = [Result<[OperationResult], OVSDBError>](repeating: .failure(.notConnected("not sent")), count: transactions.count)
            for await (i, outcome) in group { outcomes[i] = outcome }
            return outcomes
        }
    }

    /// Thrown inside `sendBatch` to re-send a batch after removing the failed caller.
    private struct RetryBatch: Error {}

    private func finish(_ member: Submission, _ result: Result<[OperationResult], OVSDBError>, own: inout Result<[OperationResult], OVSDBError>) {
        if let continuation = member.continuation { continuation.resume(returning: .done(result)) } else { own = result }
    }
}

/// The schema, readable from the event loop's notification callback.
final class SchemaBox: Sendable {
    private let state = Mutex<DatabaseSchema?>(nil)
    var value: DatabaseSchema? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
