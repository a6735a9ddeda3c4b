import Synchronization

/// A clock that moves only when the test calls ``advance(by:)``; sleepers wake when it passes
/// their deadline (or throw when cancelled).
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct Sleeper {
        var id: Int
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var nextID = 0
        var cancelledBeforeRegistering: Set<Int> = []
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    /// Deadlines of everyone asleep.
    var sleepingUntil: [Duration] { state.withLock { $0.sleepers.map(\.deadline.offset) } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow: (any Error)?? = state.withLock { s in
                    if s.cancelledBeforeRegistering.remove(id) != nil { return .some(CancellationError()) }
                    if deadline <= s.now { return .some(nil) }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: c))
                    return .none
                }
                switch resumeNow {
                case .some(.some(let error)): c.resume(throwing: error)
                case .some(.none): c.resume()
                case .none: break
                }
            }
        } onCancel: {
            let sleeper = state.withLock { s -> Sleeper? in
                if let i = s.sleepers.firstIndex(where: { $0.id == id }) { return s.sleepers.remove(at: i) }
                s.cancelledBeforeRegistering.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    func advance(by duration: Duration) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now.advanced(by: duration)
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
