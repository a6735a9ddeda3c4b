import Synchronization

/// Runs `body`, failing with `onTimeout()` when it has not finished within `limit`. The body runs
/// in a task of its own that is cancelled then and not waited for, so a wait that ignores
/// cancellation cannot hold the caller past its deadline. Every wait of the agent is bounded so.
func withDeadline<T: Sendable>(
    _ limit: Duration, onTimeout: @escaping @Sendable () -> any Error, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = FirstOutcome<T>()
    let work = Task { outcome.settle(await Result(catching: body)) }
    let timer = Task {
        try? await Task.sleep(for: limit)
        if !Task.isCancelled { outcome.settle(.failure(onTimeout())) }
    }
    defer { timer.cancel() }
    let result = await withTaskCancellationHandler {
        await outcome.value()
    } onCancel: {
        outcome.settle(.failure(CancellationError()))
    }
    if case .failure = result { work.cancel() }
    return try result.get()
}

/// The first of several results to arrive; later ones are dropped.
private final class FirstOutcome<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<Result<T, any Error>, Never>?
    }
    private let state = Mutex(State())

    func settle(_ result: Result<T, any Error>) {
        let waiter: CheckedContinuation<Result<T, any Error>, Never>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: result)
    }

    func value() async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            let ready: Result<T, any Error>? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
