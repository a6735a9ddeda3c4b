import Foundation

/// Polls `condition` every `interval` until it holds or `timeout` passes; returns whether it held.
/// Use instead of sleeping: the test proceeds as soon as the state is reached.
public func eventually(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        if try await condition() { return true }
        if clock.now >= deadline { return false }
        try? await Task.sleep(for: interval)
    }
}
