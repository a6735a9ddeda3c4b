import Testing

@testable import OVSDB

@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    @Test("a standalone server goes connect → leader check → monitors → ready")
    func happyPath() {
        var m = ConnectionStateMachine(remoteCount: 1)
        #expect(m.start() == .connect(remote: 0))
        #expect(m.connected() == .checkLeader)
        #expect(m.leaderChecked(isLeader: true) == .establishMonitors)
        #expect(m.monitorsEstablished() == .becomeReady(reconnected: false))
        #expect(m.state == .ready(remote: 0))
    }

    @Test("after a lost connection the next ready is reported as a reconnect")
    func reconnectIsReported() {
        var m = ConnectionStateMachine(remoteCount: 1)
        _ = m.start(); _ = m.connected(); _ = m.leaderChecked(isLeader: true); _ = m.monitorsEstablished()
        #expect(m.failed() == .closeAndRetry(afterMilliseconds: 50))
        #expect(m.retryTimerFired() == .connect(remote: 0))
        _ = m.connected(); _ = m.leaderChecked(isLeader: true)
        #expect(m.monitorsEstablished() == .becomeReady(reconnected: true))
    }

    @Test("a follower is left for the next remote without delay")
    func followerSkipped() {
        var m = ConnectionStateMachine(remoteCount: 3)
        _ = m.start(); _ = m.connected()
        #expect(m.leaderChecked(isLeader: false) == .closeAndRetry(afterMilliseconds: 0))
        #expect(m.retryTimerFired() == .connect(remote: 1))
    }

    @Test("backoff grows per failed round of remotes and is capped")
    func backoffGrows() {
        var m = ConnectionStateMachine(remoteCount: 2, initialBackoffMilliseconds: 100, maximumBackoffMilliseconds: 350)
        var delays: [Int] = []
        var action = m.start()
        for _ in 0..<8 {
            guard case .connect = action else { Issue.record("expected connect, got \(action)"); return }
            guard case .closeAndRetry(let d) = m.failed() else { Issue.record("expected retry"); return }
            delays.append(d)
            action = m.retryTimerFired()
        }
        #expect(delays == [0, 100, 100, 200, 200, 350, 350, 350])
    }

    @Test("remotes are tried round-robin")
    func roundRobin() {
        var m = ConnectionStateMachine(remoteCount: 3)
        var visited: [Int] = []
        var action = m.start()
        for _ in 0..<4 {
            guard case .connect(let r) = action else { return }
            visited.append(r)
            _ = m.failed()
            action = m.retryTimerFired()
        }
        #expect(visited == [0, 1, 2, 0])
    }

    @Test("a successful connection resets the failure count")
    func resetOnReady() {
        var m = ConnectionStateMachine(remoteCount: 1)
        _ = m.start(); _ = m.failed(); _ = m.retryTimerFired(); _ = m.failed(); _ = m.retryTimerFired()
        #expect(m.failures == 2)
        _ = m.connected(); _ = m.leaderChecked(isLeader: true); _ = m.monitorsEstablished()
        #expect(m.failures == 0)
    }

    @Test("events that do not fit the state are ignored")
    func unexpectedEvents() {
        var m = ConnectionStateMachine(remoteCount: 1)
        #expect(m.connected() == .none)
        #expect(m.monitorsEstablished() == .none)
        _ = m.start()
        #expect(m.retryTimerFired() == .none)
        #expect(m.stop() == .close)
        #expect(m.failed() == .none)
    }
}
