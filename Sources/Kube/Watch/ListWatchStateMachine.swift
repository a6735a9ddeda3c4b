/// The list-then-watch loop of a reflector, as a value: it takes what happened (a list
/// succeeded, an event arrived, the watch ended, a backoff elapsed) and says what to do next.
/// The I/O side (``ListWatcher``) only carries out the actions, so every transition is tested
/// without a server.
///
/// - A list gives the resourceVersion to watch from.
/// - Each event or bookmark moves that version on; a watch that ends is resumed from it, so
///   nothing is missed or repeated.
/// - 410 Gone (HTTP or in-stream) means the version is too old: list again at once.
/// - Failures back off exponentially; any success resets the backoff.
public struct ListWatchStateMachine: Sendable {
    /// What the I/O side must do next.
    public enum Action: Sendable, Hashable {
        /// List the whole collection (following continue tokens), then call ``listed(resourceVersion:)``.
        case list
        /// Open a watch from this resourceVersion.
        case watch(resourceVersion: String)
        /// Wait, then call ``backoffElapsed()``.
        case backoff(Duration)
        /// Nothing now; keep reading the watch.
        case none
        /// Stopped: do nothing more.
        case stop
    }

    /// Why a watch ended.
    public enum WatchEnd: Sendable, Hashable {
        /// The server closed the stream (its timeout, a restart), after the given time open.
        case closed(after: Duration)
        /// The connection could not be made or broke.
        case connectionFailed
        /// HTTP 410 on opening: the version is too old.
        case gone
        /// Another refusal (HTTP code).
        case refused(code: Int)
    }

    enum State: Sendable, Hashable {
        case idle
        case listing
        case watching
        case backingOff(then: Action)
        case stopped
    }

    public let backoff: Backoff
    /// A watch that closes sooner than this without events counts as a failure (no hot loop).
    public let minimumHealthyWatch: Duration
    private(set) var state: State = .idle
    /// The newest resourceVersion seen (list, event or bookmark).
    public private(set) var resourceVersion: String?
    /// Consecutive failures, for the backoff.
    public private(set) var failures = 0
    private var eventsInThisWatch = 0

    public init(backoff: Backoff = Backoff(), minimumHealthyWatch: Duration = .seconds(1)) {
        self.backoff = backoff
        self.minimumHealthyWatch = minimumHealthyWatch
    }

    /// Starts the loop.
    public mutating func start() -> Action {
        guard state == .idle else { return .none }
        state = .listing
        return .list
    }

    /// The list succeeded with the collection's current resourceVersion.
    public mutating func listed(resourceVersion: String) -> Action {
        guard state == .listing else { return state == .stopped ? .stop : .none }
        self.resourceVersion = resourceVersion
        failures = 0
        return openWatch()
    }

    /// The list failed (any error; a 410 on a continue token too).
    public mutating func listFailed() -> Action {
        guard state == .listing else { return state == .stopped ? .stop : .none }
        return fail(then: .list)
    }

    /// A watch event arrived with the version it carries (`nil` for ERROR events, see ``watchError(code:)``).
    public mutating func received(resourceVersion: String?) -> Action {
        guard state == .watching else { return state == .stopped ? .stop : .none }
        if let resourceVersion, !resourceVersion.isEmpty { self.resourceVersion = resourceVersion }
        eventsInThisWatch += 1
        failures = 0
        return .none
    }

    /// An in-stream ERROR event. 410 (Expired/Gone) → list again; else back off and re-watch.
    /// The I/O side stops reading this watch after it.
    public mutating func watchError(code: Int) -> Action {
        guard state == .watching else { return state == .stopped ? .stop : .none }
        return watchEnded(code == 410 ? .gone : .refused(code: code))
    }

    /// The watch ended.
    public mutating func watchEnded(_ end: WatchEnd) -> Action {
        guard state == .watching else { return state == .stopped ? .stop : .none }
        switch end {
        case .closed(let after):
            if eventsInThisWatch > 0 || after >= minimumHealthyWatch { return openWatch() }
            return fail(then: .watch(resourceVersion: resourceVersion ?? ""))
        case .gone:
            state = .listing
            return .list
        case .connectionFailed, .refused:
            return fail(then: .watch(resourceVersion: resourceVersion ?? ""))
        }
    }

    /// The backoff delay is over.
    public mutating func backoffElapsed() -> Action {
        guard case .backingOff(let next) = state else { return state == .stopped ? .stop : .none }
        switch next {
        case .list:
            state = .listing
            return .list
        case .watch:
            return openWatch()
        default:
            return next
        }
    }

    /// Stops the loop for good.
    public mutating func stop() -> Action {
        state = .stopped
        return .stop
    }

    private mutating func openWatch() -> Action {
        state = .watching
        eventsInThisWatch = 0
        return .watch(resourceVersion: resourceVersion ?? "")
    }

    private mutating func fail(then next: Action) -> Action {
        failures += 1
        state = .backingOff(then: next)
        return .backoff(backoff.delay(afterFailures: failures))
    }
}
