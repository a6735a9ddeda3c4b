/// Runs `body`, giving up after `seconds`: the doctor never hangs on a component. On timeout
/// the body is cancelled and ``DoctorError/componentUnreachable(component:address:reason:)`` is
/// thrown for `component` at `address`.
func withDeadline<T: Sendable>(
    _ seconds: Double, component: String, address: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw DoctorError.componentUnreachable(
                component: component, address: address, reason: "no answer within \(formatSeconds(seconds))")
        }
        return value
    }
}
