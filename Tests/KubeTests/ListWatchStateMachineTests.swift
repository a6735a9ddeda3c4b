import Kube
import Testing

@Suite("list-then-watch state machine")
struct ListWatchStateMachineTests {
    let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))

    @Test("list, then watch from the list's version, resuming from the last event's version")
    func happyPath() {
        var m = ListWatchStateMachine(backoff: backoff)
        #expect(m.start() == .list)
        #expect(m.listed(resourceVersion: "10") == .watch(resourceVersion: "10"))
        #expect(m.received(resourceVersion: "11") == ListWatchStateMachine.Action.none)
        #expect(m.received(resourceVersion: "14") == ListWatchStateMachine.Action.none)
        #expect(m.watchEnded(.closed(after: .milliseconds(5))) == .watch(resourceVersion: "14"))
        #expect(m.received(resourceVersion: "20") == ListWatchStateMachine.Action.none)
        #expect(m.watchEnded(.closed(after: .seconds(300))) == .watch(resourceVersion: "20"))
        #expect(m.resourceVersion == "20")
    }

    @Test("a bookmark moves the version a watch resumes from")
    func bookmarks() {
        var m = ListWatchStateMachine(backoff: backoff)
        _ = m.start()
        _ = m.listed(resourceVersion: "10")
        _ = m.received(resourceVersion: "99")
        #expect(m.watchEnded(.connectionFailed) == .backoff(.milliseconds(100)))
        #expect(m.backoffElapsed() == .watch(resourceVersion: "99"))
    }

    @Test("410 Gone, in-stream or on opening, re-lists at once")
    func goneRelists() {
        var m = ListWatchStateMachine(backoff: backoff)
        _ = m.start()
        _ = m.listed(resourceVersion: "10")
        #expect(m.watchError(code: 410) == .list)
        #expect(m.listed(resourceVersion: "50") == .watch(resourceVersion: "50"))
        #expect(m.watchEnded(.gone) == .list)
        #expect(m.failures == 0)
    }

    @Test("failures back off exponentially up to the cap, and a success resets it")
    func backoffGrowsAndResets() {
        var m = ListWatchStateMachine(backoff: backoff)
        #expect(m.start() == .list)
        #expect(m.listFailed() == .backoff(.milliseconds(100)))
        #expect(m.backoffElapsed() == .list)
        #expect(m.listFailed() == .backoff(.milliseconds(200)))
        _ = m.backoffElapsed()
        #expect(m.listFailed() == .backoff(.milliseconds(400)))
        _ = m.backoffElapsed()
        #expect(m.listFailed() == .backoff(.milliseconds(800)))
        _ = m.backoffElapsed()
        #expect(m.listFailed() == .backoff(.seconds(1)))
        _ = m.backoffElapsed()
        #expect(m.listed(resourceVersion: "5") == .watch(resourceVersion: "5"))
        #expect(m.watchEnded(.refused(code: 500)) == .backoff(.milliseconds(100)))
    }

    @Test("a watch that closes at once without events counts as a failure (no hot loop)")
    func emptyQuickCloseBacksOff() {
        var m = ListWatchStateMachine(backoff: backoff)
        _ = m.start()
        _ = m.listed(resourceVersion: "7")
        #expect(m.watchEnded(.closed(after: .milliseconds(3))) == .backoff(.milliseconds(100)))
        #expect(m.backoffElapsed() == .watch(resourceVersion: "7"))
        #expect(m.watchEnded(.closed(after: .milliseconds(3))) == .backoff(.milliseconds(200)))
    }

    @Test("after stop every event answers stop; out-of-state events change nothing")
    func stopAndStrayEvents() {
        var m = ListWatchStateMachine(backoff: backoff)
        #expect(m.received(resourceVersion: "3") == ListWatchStateMachine.Action.none)
        #expect(m.resourceVersion == nil)
        _ = m.start()
        #expect(m.start() == ListWatchStateMachine.Action.none)
        #expect(m.stop() == .stop)
        #expect(m.listed(resourceVersion: "1") == .stop)
        #expect(m.watchEnded(.gone) == .stop)
        #expect(m.backoffElapsed() == .stop)
    }
}
