import OVSDB

/// A one-shot read of an OVSDB database: connect (to the RAFT leader when `address` lists a
/// cluster), monitor `tables`, take the replica, disconnect — all within `deadline` seconds.
enum DatabaseSnapshot {
    struct Snapshot: Sendable {
        var replica: Replica
        /// The server answered on (the leader, for a cluster).
        var remote: String
    }

    private enum Step: Sendable {
        case stopped
        case ready(Snapshot)
        case timedOut
    }

    static func read(
        _ address: String, database: String, component: String, tables: [String: [String]?], deadline: Double
    ) async throws -> Snapshot {
        let remotes: [Remote]
        do {
            remotes = try Remote.parseList(address)
        } catch {
            throw DoctorError.invalidConfiguration(field: "\(component) address \"\(address)\"", reason: "\(error)")
        }
        let client = OVSDBClient(remotes: remotes, database: database, monitoring: tables)
        // One group for the connection and the reader (bounded by the client's own deadline):
        // once the reader ends, so does the connection.
        let outcome = try await withThrowingTaskGroup(of: Step.self) { group in
            group.addTask {
                try await client.run()
                return .stopped
            }
            group.addTask {
                do {
                    try await client.waitUntilReady(timeout: .milliseconds(Int64(deadline * 1000)))
                } catch OVSDBError.timedOut {
                    return .timedOut
                }
                let remote = await client.connectedRemote?.description ?? address
                return .ready(Snapshot(replica: client.replica, remote: remote))
            }
            var result = Step.stopped
            while let step = try await group.next() {
                if case .stopped = step { continue }
                result = step
                break
            }
            group.cancelAll()
            // `run` ends once cancelled: wait for it, so the connection is closed on return.
            while (try? await group.next()) != nil {}
            return result
        }
        switch outcome {
        case .ready(let snapshot): return snapshot
        case .timedOut, .stopped:
            throw DoctorError.componentUnreachable(
                component: component, address: address, reason: "no \(database) answered within \(formatSeconds(deadline))")
        }
    }
}
