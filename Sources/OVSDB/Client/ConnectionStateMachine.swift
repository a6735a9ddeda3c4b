/// The connection lifecycle as a value type: connect → check the server is the cluster
/// leader (`_Server`) → establish monitors → ready; on loss or "not leader", move to the next
/// remote, backing off exponentially once every remote has failed in a row.
///
/// It performs no I/O: each event returns the `Action` the I/O layer (`OVSDBClient.run`) must
/// carry out, so every transition is unit-tested without a socket.
public struct ConnectionStateMachine: Sendable {
    public enum State: Sendable, Equatable {
        case idle
        case connecting(remote: Int)
        case checkingLeader(remote: Int)
        case monitoring(remote: Int)
        case ready(remote: Int)
        case waitingToRetry(remote: Int)
        case stopped
    }

    public enum Action: Sendable, Equatable {
        case connect(remote: Int)
        /// Ask `_Server` whether this server is connected to its cluster and the leader.
        case checkLeader
        case establishMonitors
        /// Connection usable; `reconnected` is true when an earlier connection existed, so the
        /// caller must be told to resync.
        case becomeReady(reconnected: Bool)
        /// Close the current connection (if any) and retry after `delay` (milliseconds).
        case closeAndRetry(afterMilliseconds: Int)
        case close
        case none
    }

    public private(set) var state: State = .idle
    public let remoteCount: Int
    /// Consecutive failures since the last successful `becomeReady`.
    public private(set) var failures = 0
    private var hasBeenReady = false
    public let initialBackoffMilliseconds: Int
    public let maximumBackoffMilliseconds: Int

    public init(remoteCount: Int, initialBackoffMilliseconds: Int = 50, maximumBackoffMilliseconds: Int = 2000) {
        precondition(remoteCount > 0, "an OVSDB client needs at least one remote")
        self.remoteCount = remoteCount
        self.initialBackoffMilliseconds = initialBackoffMilliseconds
        self.maximumBackoffMilliseconds = maximumBackoffMilliseconds
    }

    public mutating func start() -> Action {
        guard state == .idle else { return .none }
        state = .connecting(remote: 0)
        return .connect(remote: 0)
    }

    public mutating func connected() -> Action {
        guard case .connecting(let r) = state else { return .none }
        state = .checkingLeader(remote: r)
        return .checkLeader
    }

    /// `isLeader` is false for a follower or a member cut off from its cluster.
    public mutating func leaderChecked(isLeader: Bool) -> Action {
        guard case .checkingLeader(let r) = state else { return .none }
        if isLeader {
            state = .monitoring(remote: r)
            return .establishMonitors
        }
        return fail(from: r)
    }

    public mutating func monitorsEstablished() -> Action {
        guard case .monitoring(let r) = state else { return .none }
        state = .ready(remote: r)
        failures = 0
        let reconnected = hasBeenReady
        hasBeenReady = true
        return .becomeReady(reconnected: reconnected)
    }

    /// A connect attempt, a request or the connection itself failed; also used for "not leader".
    public mutating func failed() -> Action {
        switch state {
        case .connecting(let r), .checkingLeader(let r), .monitoring(let r), .ready(let r):
            return fail(from: r)
        default:
            return .none
        }
    }

    public mutating func retryTimerFired() -> Action {
        guard case .waitingToRetry(let r) = state else { return .none }
        state = .connecting(remote: r)
        return .connect(remote: r)
    }

    public mutating func stop() -> Action {
        guard state != .stopped else { return .none }
        state = .stopped
        return .close
    }

    private mutating func fail(from remote: Int) -> Action {
        failures += 1
        let next = (remote + 1) % remoteCount
        state = .waitingToRetry(remote: next)
        // Try each remote once without delay-growth; back off as whole rounds fail.
        let rounds = (failures - remoteCount) / remoteCount
        if failures < remoteCount { return .closeAndRetry(afterMilliseconds: 0) }
        let delay = initialBackoffMilliseconds << min(rounds, 16)
        return .closeAndRetry(afterMilliseconds: min(delay, maximumBackoffMilliseconds))
    }
}
