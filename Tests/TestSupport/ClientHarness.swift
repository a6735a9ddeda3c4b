import OVSDB

/// Runs `body` with a started, ready client (default database: the NB), then stops the client.
public func withClient<T: Sendable>(
    _ remotes: [Remote], database: String = "OVN_Northbound", monitoring: [String: [String]?] = [:],
    _ body: @Sendable (OVSDBClient) async throws -> T
) async throws -> T {
    let client = OVSDBClient(remotes: remotes, database: database, monitoring: monitoring, keepAlive: .seconds(1))
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await client.run(); return nil }
        try await client.waitUntilReady()
        let result = try await body(client)
        group.cancelAll()
        return result
    }
}

/// `ovn-nbctl --bare --columns=COL find TABLE CONDITION` as trimmed lines.
public func nbctlFind(_ ovn: OVNSandbox, _ table: String, column: String, _ condition: String...) throws -> [String] {
    try ovn.nbctl(arguments: ["--bare", "--columns=\(column)", "find", table] + condition)
        .split(separator: "\n").map { String($0) }.filter { !$0.isEmpty }
}
