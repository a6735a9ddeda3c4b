import Testing

@testable import Doctor

@Suite("cleanup plan for an UNKNOWN task")
struct UnknownTaskCleanupTests {
    static let record = ContainerRecord(id: "t2", image: "busybox", snapshotter: "overlayfs", snapshotKey: "t2")

    @Test("a stopped shim is killed first, then the dropped task's container record and snapshot are removed")
    func stoppedShimPath() {
        var plan = UnknownTaskCleanup(task: UnknownTask(id: "t2", reason: .shimStopped(pid: 4711)))
        #expect(plan.start() == .killShim(pid: 4711))
        #expect(plan.shimKilled() == .awaitTaskGone)
        #expect(plan.taskGone() == .lookUpContainer)
        #expect(plan.containerFound(Self.record) == .deleteContainer(Self.record))
        #expect(plan.containerDeleted() == .removeSnapshot(snapshotter: "overlayfs", key: "t2"))
        #expect(plan.snapshotHandled() == .finish(.cleaned))
        #expect(plan.isFinished)
    }

    @Test("Tasks.Delete is never the first step: it would hang behind the hung shim")
    func noDeleteBeforeKill() {
        for reason in [UnknownTask.Reason.shimStopped(pid: 1), .shimUnresponsive(pid: 2, state: "S"), .shimGone] {
            var plan = UnknownTaskCleanup(task: UnknownTask(id: "x", reason: reason))
            #expect(plan.start() != .deleteTask)
        }
    }

    @Test("with no shim left there is nothing to kill: wait for containerd to drop the task")
    func shimGonePath() {
        var plan = UnknownTaskCleanup(task: UnknownTask(id: "t3", reason: .shimGone))
        #expect(plan.start() == .awaitTaskGone)
        #expect(plan.taskGone() == .lookUpContainer)
        #expect(plan.containerMissing() == .finish(.cleaned))
    }

    @Test("a task still listed after the wait is deleted with Tasks.Delete, then confirmed gone")
    func stillListedThenDeleted() {
        var plan = UnknownTaskCleanup(task: UnknownTask(id: "t2", reason: .shimStopped(pid: 9)))
        _ = plan.start()
        _ = plan.shimKilled()
        #expect(plan.taskStillListed(.unknown) == .deleteTask)
        #expect(plan.taskDeleted() == .awaitTaskGone)
        #expect(plan.taskGone() == .lookUpContainer)
    }

    @Test("a task listed even after Tasks.Delete is a failure naming both attempts")
    func stillListedTwice() {
        var plan = UnknownTaskCleanup(task: UnknownTask(id: "t2", reason: .shimGone))
        _ = plan.start()
        _ = plan.taskStillListed(.unknown)
        _ = plan.taskDeleted()
        guard case .finish(.failed(let reason)) = plan.taskStillListed(.unknown) else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("Tasks.Delete"))
    }

    @Test("a shim that already vanished is as good as killed; one that cannot be killed fails the task")
    func killFailures() {
        var vanished = UnknownTaskCleanup(task: UnknownTask(id: "a", reason: .shimStopped(pid: 5)))
        _ = vanished.start()
        #expect(vanished.shimKillFailed(vanished: true, reason: "No such process") == .awaitTaskGone)

        var refused = UnknownTaskCleanup(task: UnknownTask(id: "b", reason: .shimStopped(pid: 6)))
        _ = refused.start()
        #expect(refused.shimKillFailed(vanished: false, reason: "Operation not permitted")
            == .finish(.failed("cannot kill shim pid 6: Operation not permitted")))
    }

    @Test("a container without a snapshot finishes after the record is deleted")
    func noSnapshot() {
        var plan = UnknownTaskCleanup(task: UnknownTask(id: "a", reason: .shimGone))
        _ = plan.start()
        _ = plan.taskGone()
        _ = plan.containerFound(ContainerRecord(id: "a"))
        #expect(plan.containerDeleted() == .finish(.cleaned))
    }

    @Test("an event out of order ends the plan as failed instead of acting")
    func outOfOrder() {
        var plan = UnknownTaskCleanup(task: UnknownTask(id: "a", reason: .shimStopped(pid: 1)))
        guard case .finish(.failed) = plan.taskGone() else {
            Issue.record("taskGone before start must fail")
            return
        }
        #expect(plan.isFinished)
    }

    @Test("the diagnosis follows the shim's state letter")
    func diagnosis() {
        func shim(_ state: Character) -> ShimProcess {
            ShimProcess(pid: 77, namespace: "k8s.io", id: "t", address: "/s", state: state)
        }
        #expect(UnknownTask.diagnose(id: "t", shim: shim("T")).reason == .shimStopped(pid: 77))
        #expect(UnknownTask.diagnose(id: "t", shim: shim("t")).reason == .shimStopped(pid: 77))
        #expect(UnknownTask.diagnose(id: "t", shim: shim("Z")).reason == .shimGone)
        #expect(UnknownTask.diagnose(id: "t", shim: nil).reason == .shimGone)
        #expect(UnknownTask.diagnose(id: "t", shim: shim("D")).reason == .shimUnresponsive(pid: 77, state: "D"))
        #expect(UnknownTask.diagnose(id: "t", shim: shim("S")).shimPID == 77)
    }
}

@Suite("shim processes in /proc")
struct ShimProcessTests {
    @Test("a shim's command line gives namespace, id and address")
    func commandLine() throws {
        let line = "/usr/bin/containerd-shim-runc-v2\0-namespace\0k8s.io\0-id\0t2\0-address\0/tmp/x/containerd.sock\0"
        let identity = try #require(ShimProcess.identity(commandLine: Array(line.utf8)))
        #expect(identity.namespace == "k8s.io")
        #expect(identity.id == "t2")
        #expect(identity.address == "/tmp/x/containerd.sock")
    }

    @Test("other programs, even with the same flags, are not shims")
    func notAShim() {
        let line = "/bin/sleep\0-namespace\0k8s.io\0-id\0t2\0"
        #expect(ShimProcess.identity(commandLine: Array(line.utf8)) == nil)
        #expect(ShimProcess.identity(commandLine: Array("containerd-shim-runc-v2\0-id\0".utf8)) == nil)
    }

    @Test("containerd's short-lived `start` and `delete` runs of the shim binary are not the serving shim")
    func shimHelperRuns() {
        for action in ["delete", "start"] {
            let line = "/usr/bin/containerd-shim-runc-v2\0-namespace\0k8s.io\0-address\0/s\0-id\0t2\0-bundle\0/b\0\(action)\0"
            #expect(ShimProcess.identity(commandLine: Array(line.utf8)) == nil, "\(action)")
        }
    }

    @Test("the state letter is read after the last parenthesis, whatever the command name holds")
    func statLine() {
        #expect(ShimProcess.state(statLine: "7628 (containerd-shim) T 1 7628 7628 0 -1") == "T")
        #expect(ShimProcess.state(statLine: "12 (a) b) (c) S 1 2") == "S")
        #expect(ShimProcess.state(statLine: "garbage") == nil)
    }

    @Test("a shim's sockets are found by inode in /proc/net/unix, and only containerd-style shim paths count")
    func unixTable() {
        let hash = String(repeating: "ab", count: 32)
        let table = """
            Num       RefCount Protocol Flags    Type St Inode Path
            0000000000000000: 00000002 00000000 00010000 0001 01 4242 /run/containerd/s/\(hash)
            0000000000000000: 00000002 00000000 00010000 0001 01 4343 /run/other.sock
            0000000000000000: 00000003 00000000 00000000 0001 03 4444
            """
        #expect(ProcessTable.boundSockets(unixTable: table, inodes: ["4242", "4444"]) == ["/run/containerd/s/\(hash)"])
        #expect(ProcessTable.isShimSocketPath("/run/containerd/s/\(hash)"))
        #expect(!ProcessTable.isShimSocketPath("/run/other.sock"))
        #expect(!ProcessTable.isShimSocketPath("/run/containerd/s/\(hash.dropLast())x"))
    }

    @Test("the live process table finds no shim for a made-up task")
    func liveTableNoMatch() {
        #expect(ProcessTable().shim(namespace: "k8s.io", id: "no-such-task-\(UInt32.random(in: 0...UInt32.max))", address: "/nonexistent.sock") == nil)
    }
}
