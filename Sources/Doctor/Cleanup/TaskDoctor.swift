#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `scnet doctor tasks`: finds containerd tasks in state UNKNOWN, says why, and with `fix`
/// cleans each one up (see `UnknownTaskCleanup` for the order), then lists again to confirm
/// none remain. Healthy tasks are only listed, never touched. Each step is reported through
/// `say` as it happens.
public struct TaskDoctor<API: ContainerdTaskAPI>: Sendable {
    public var api: API
    public var shims: any ShimLocator
    /// How long containerd gets to drop a task after its shim died, polled every `pollInterval`.
    public var waitLimit: Duration
    public var pollInterval: Duration
    /// Sends a signal; returns 0 or an errno. Replaceable so tests never signal real processes.
    public var sendSignal: @Sendable (_ pid: Int32, _ signal: Int32) -> Int32
    public var say: @Sendable (String) -> Void

    public init(
        api: API, shims: any ShimLocator = ProcessTable(), waitLimit: Duration = .seconds(5),
        pollInterval: Duration = .milliseconds(50),
        sendSignal: @escaping @Sendable (Int32, Int32) -> Int32 = { pid, signal in kill(pid, signal) == 0 ? 0 : errno },
        say: @escaping @Sendable (String) -> Void
    ) {
        self.api = api
        self.shims = shims
        self.waitLimit = waitLimit
        self.pollInterval = pollInterval
        self.sendSignal = sendSignal
        self.say = say
    }

    /// The UNKNOWN tasks with their diagnosis.
    public func diagnose() async throws -> [UnknownTask] {
        try await api.listTasks().filter { $0.status == .unknown }.map { task in
            UnknownTask.diagnose(id: task.id, shim: shims.shim(namespace: api.namespace, id: task.id, address: api.address))
        }
    }

    /// Diagnoses, fixes when asked, and confirms. Throws only when containerd cannot be asked at all.
    public func run(fix: Bool) async throws -> TaskDoctorReport {
        let found = try await diagnose()
        var report = TaskDoctorReport(found: found)
        for task in found { say("UNKNOWN \(task.id) (namespace \(api.namespace)): \(task.reason)") }
        guard fix, !found.isEmpty else {
            report.remaining = found.map(\.id)
            if found.isEmpty { say("ok: no UNKNOWN task in namespace \(api.namespace)") }
            return report
        }
        for task in found {
            let outcome = await clean(task)
            report.outcomes[task.id] = outcome
            switch outcome {
            case .cleaned: say("fixed \(task.id)")
            case .failed(let reason): say("could not fix \(task.id): \(reason)")
            }
        }
        // The seed's step 5: confirm, from containerd itself, that none remain.
        report.remaining = try await api.listTasks().filter { $0.status == .unknown }.map(\.id)
        if report.remaining.isEmpty {
            say("ok: no UNKNOWN task remains in namespace \(api.namespace)")
        } else {
            say("still UNKNOWN in namespace \(api.namespace): \(report.remaining.joined(separator: ", "))")
        }
        return report
    }

    /// Runs the cleanup state machine for one task, executing its actions.
    public func clean(_ task: UnknownTask) async -> UnknownTaskCleanup.Outcome {
        var machine = UnknownTaskCleanup(task: task)
        var action = machine.start()
        while true {
            switch action {
            case .finish(let outcome):
                return outcome
            case .killShim(let pid):
                action = killShim(pid, of: task, machine: &machine)
            case .awaitTaskGone:
                action = await awaitTaskGone(task.id, machine: &machine)
            case .deleteTask:
                say("  \(task.id): containerd still lists the task; Tasks.Delete")
                do {
                    _ = try await api.deleteTask(task.id)
                    action = machine.taskDeleted()
                } catch {
                    action = machine.taskDeleteFailed("\(error)")
                }
            case .lookUpContainer:
                do {
                    if let record = try await api.container(task.id) {
                        action = machine.containerFound(record)
                    } else {
                        say("  \(task.id): no container record left")
                        action = machine.containerMissing()
                    }
                } catch {
                    action = machine.callFailed("\(error)")
                }
            case .deleteContainer(let record):
                do {
                    _ = try await api.deleteContainer(record.id)
                    say("  \(task.id): deleted the orphaned container record")
                    action = machine.containerDeleted()
                } catch {
                    action = machine.containerDeleteFailed("\(error)")
                }
            case .removeSnapshot(let snapshotter, let key):
                do {
                    let removed = try await api.removeSnapshot(snapshotter: snapshotter, key: key)
                    say("  \(task.id): \(removed ? "removed" : "no") rootfs snapshot \(key) (\(snapshotter))")
                } catch {
                    say("  \(task.id): rootfs snapshot \(key) (\(snapshotter)) left for garbage collection: \(error)")
                }
                action = machine.snapshotHandled()
            }
        }
    }

    private func killShim(_ pid: Int32, of task: UnknownTask, machine: inout UnknownTaskCleanup) -> UnknownTaskCleanup.Action {
        // Re-check just before the kill: the pid must still be this task's shim (pids are reused).
        guard let shim = shims.shim(namespace: api.namespace, id: task.id, address: api.address), shim.pid == pid else {
            say("  \(task.id): shim pid \(pid) is already gone")
            return machine.shimKillFailed(vanished: true, reason: "no such process")
        }
        let sockets = shims.shimSockets(pid: pid)
        let result = sendSignal(pid, SIGKILL)
        if result == 0 {
            say("  \(task.id): killed hung shim pid \(pid) (SIGKILL)")
            // A killed shim cannot remove its socket file; nothing else will.
            for socket in sockets where unlink(socket) == 0 { say("  \(task.id): removed its socket \(socket)") }
            return machine.shimKilled()
        }
        return machine.shimKillFailed(vanished: result == ESRCH, reason: String(cString: strerror(result)))
    }

    private func awaitTaskGone(_ id: String, machine: inout UnknownTaskCleanup) async -> UnknownTaskCleanup.Action {
        let clock = ContinuousClock()
        let start = clock.now
        var last = TaskStatus.unknown
        while true {
            do {
                guard let task = try await api.task(id) else {
                    say("  \(id): containerd dropped the task after \(formatSeconds((clock.now - start).inSeconds))")
                    return machine.taskGone()
                }
                last = task.status
            } catch {
                // A Get that times out is the hung state itself; keep polling until the limit.
                guard let doctorError = error as? DoctorError, case .deadlineExceeded = doctorError else {
                    return machine.callFailed("\(error)")
                }
            }
            if clock.now - start >= waitLimit { return machine.taskStillListed(last) }
            try? await Task.sleep(for: pollInterval)
        }
    }
}

/// What `TaskDoctor.run` found and did.
public struct TaskDoctorReport: Sendable, Equatable {
    public var found: [UnknownTask]
    public var outcomes: [String: UnknownTaskCleanup.Outcome] = [:]
    /// Ids of tasks still UNKNOWN at the end (all of `found` when not fixing).
    public var remaining: [String] = []

    public init(found: [UnknownTask]) { self.found = found }

    /// Whether no UNKNOWN task remains and every cleanup succeeded.
    public var isHealthy: Bool {
        remaining.isEmpty && outcomes.values.allSatisfy { $0 == .cleaned }
    }
}
