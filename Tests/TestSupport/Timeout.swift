/// Runs `body`, failing with ``TimedOut`` after `timeout`: no test waits unboundedly.
public func withTimeout<T: Sendable>(
    _ timeout: Duration = .seconds(20), _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimedOut()
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}

/// The error ``withTimeout(_:_:)`` throws when its deadline passes.
public struct TimedOut: Error {}
