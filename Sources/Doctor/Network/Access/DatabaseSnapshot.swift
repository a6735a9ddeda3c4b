import OVSDB

/// A one-shot read of an OVSDB database: connect (to the RAFT leader when `address` lists a
/// cluster), monitor `tables`, take the replica, disconnect — all within `deadline` seconds.
enum DatabaseSnapshot {
    struct Snapshot: Sendable {
        var replica: Replica
        /// The server answered on (the leader, for a cluster).
        var remote: String
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
        return try await withThrowingTaskGroup(of: Snapshot?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await withDeadline(deadline, component: component, address: address) {
                try await client.waitUntilReady()
                let remote = await client.connectedRemote?.description ?? address
                return Snapshot(replica: client.replica, remote: remote)
            }
        }
    }
}
