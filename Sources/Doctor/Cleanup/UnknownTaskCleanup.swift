/// The cleanup of one UNKNOWN task as a value-type state machine: the executor (`TaskDoctor`)
/// reports what happened, this decides what to do next. No I/O, so every path is unit-tested.
///
/// The order matters. `Tasks.Delete` needs the shim to answer and hangs behind a hung one (as
/// `ctr t rm` does), so the shim is killed first; containerd then notices and drops the task by
/// itself. Only if it does not within the wait limit is `Tasks.Delete` tried (with a deadline).
/// Then the container record left behind is deleted, then its rootfs snapshot.
///
///     kill shim ─▶ await task gone ─┬─▶ look up container ─▶ delete container ─▶ remove snapshot ─▶ done
///                                   └─▶ delete task (still listed) ─┘
public struct UnknownTaskCleanup: Sendable {
    public enum Action: Sendable, Equatable {
        case killShim(pid: Int32)
        /// Poll `Tasks.Get` until NOT_FOUND or the wait limit.
        case awaitTaskGone
        case deleteTask
        case lookUpContainer
        case deleteContainer(ContainerRecord)
        case removeSnapshot(snapshotter: String, key: String)
        case finish(Outcome)
    }

    public enum Outcome: Sendable, Equatable {
        case cleaned
        case failed(String)
    }

    private enum State: Sendable, Equatable {
        case idle
        case killingShim
        case awaitingTaskGone(deleteTried: Bool)
        case deletingTask
        case lookingUpContainer
        case deletingContainer(ContainerRecord)
        case removingSnapshot
        case finished
    }

    public let task: UnknownTask
    private var state = State.idle

    public init(task: UnknownTask) { self.task = task }

    public var isFinished: Bool { state == .finished }

    public mutating func start() -> Action {
        guard state == .idle else { return unexpected("start") }
        if let pid = task.shimPID {
            state = .killingShim
            return .killShim(pid: pid)
        }
        state = .awaitingTaskGone(deleteTried: false)
        return .awaitTaskGone
    }

    public mutating func shimKilled() -> Action {
        guard state == .killingShim else { return unexpected("shimKilled") }
        state = .awaitingTaskGone(deleteTried: false)
        return .awaitTaskGone
    }

    /// The kill failed; `vanished` when the process was already gone (ESRCH), which is as good.
    public mutating func shimKillFailed(vanished: Bool, reason: String) -> Action {
        guard state == .killingShim else { return unexpected("shimKillFailed") }
        if vanished {
            state = .awaitingTaskGone(deleteTried: false)
            return .awaitTaskGone
        }
        return finish(.failed("cannot kill shim pid \(task.shimPID ?? 0): \(reason)"))
    }

    public mutating func taskGone() -> Action {
        switch state {
        case .awaitingTaskGone, .deletingTask:
            state = .lookingUpContainer
            return .lookUpContainer
        default:
            return unexpected("taskGone")
        }
    }

    /// The wait limit passed and containerd still lists the task.
    public mutating func taskStillListed(_ status: TaskStatus) -> Action {
        guard case .awaitingTaskGone(let deleteTried) = state else { return unexpected("taskStillListed") }
        if deleteTried {
            return finish(.failed("containerd still lists the task (\(status)) after its shim was killed and Tasks.Delete"))
        }
        state = .deletingTask
        return .deleteTask
    }

    public mutating func taskDeleted() -> Action {
        guard state == .deletingTask else { return unexpected("taskDeleted") }
        // Deleted (or already gone): confirm it has left the list before touching the container.
        state = .awaitingTaskGone(deleteTried: true)
        return .awaitTaskGone
    }

    public mutating func taskDeleteFailed(_ reason: String) -> Action {
        guard state == .deletingTask else { return unexpected("taskDeleteFailed") }
        return finish(.failed("Tasks.Delete failed: \(reason)"))
    }

    public mutating func containerFound(_ record: ContainerRecord) -> Action {
        guard state == .lookingUpContainer else { return unexpected("containerFound") }
        state = .deletingContainer(record)
        return .deleteContainer(record)
    }

    public mutating func containerMissing() -> Action {
        guard state == .lookingUpContainer else { return unexpected("containerMissing") }
        return finish(.cleaned)
    }

    public mutating func containerDeleted() -> Action {
        guard case .deletingContainer(let record) = state else { return unexpected("containerDeleted") }
        guard !record.snapshotKey.isEmpty, !record.snapshotter.isEmpty else { return finish(.cleaned) }
        state = .removingSnapshot
        return .removeSnapshot(snapshotter: record.snapshotter, key: record.snapshotKey)
    }

    public mutating func containerDeleteFailed(_ reason: String) -> Action {
        guard case .deletingContainer = state else { return unexpected("containerDeleteFailed") }
        return finish(.failed("the task is gone but its container record could not be deleted: \(reason)"))
    }

    /// The snapshot is removed, was already gone, or could not be removed: the task and record
    /// are gone either way, and containerd's garbage collector can still take the snapshot.
    public mutating func snapshotHandled() -> Action {
        guard state == .removingSnapshot else { return unexpected("snapshotHandled") }
        return finish(.cleaned)
    }

    /// Any call ran into its deadline or failed in a way the steps above do not cover.
    public mutating func callFailed(_ reason: String) -> Action {
        guard state != .finished else { return unexpected("callFailed") }
        return finish(.failed(reason))
    }

    private mutating func finish(_ outcome: Outcome) -> Action {
        state = .finished
        return .finish(outcome)
    }

    private mutating func unexpected(_ event: String) -> Action {
        let was = state
        state = .finished
        return .finish(.failed("internal error: event \(event) in state \(was)"))
    }
}
