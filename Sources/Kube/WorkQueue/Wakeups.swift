import Synchronization

/// Parked waiters of a ``WorkQueue``, behind a lock so that a task-cancellation handler (which
/// cannot enter the actor) can wake its own waiter. A waiter is registered, then parks; a wake
/// that comes before it parks is remembered, so no wake-up is lost.
final class Wakeups: Sendable {
    private struct State {
        var parked: [Int: CheckedContinuation<Void, Never>] = [:]
        var registered: Set<Int> = []
        var wokenEarly: Set<Int> = []
    }

    private let state = Mutex(State())

    func register(_ id: Int) {
        state.withLock { _ = $0.registered.insert(id) }
    }

    func park(_ id: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s in
                s.registered.remove(id)
                if s.wokenEarly.remove(id) != nil { return true }
                s.parked[id] = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func wake(_ id: Int) {
        let continuation = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let c = s.parked.removeValue(forKey: id) { return c }
            if s.registered.contains(id) { s.wokenEarly.insert(id) }
            return nil
        }
        continuation?.resume()
    }

    func wakeAll() {
        let continuations = state.withLock { s in
            s.wokenEarly.formUnion(s.registered)
            defer { s.parked.removeAll() }
            return Array(s.parked.values)
        }
        for continuation in continuations { continuation.resume() }
    }
}
