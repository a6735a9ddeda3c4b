/// A task containerd reports as UNKNOWN, with why.
public struct UnknownTask: Sendable, Equatable {
    public var id: String
    public var reason: Reason
    /// The shim to kill, when there is one.
    public var shimPID: Int32? {
        switch reason {
        case .shimStopped(let pid), .shimUnresponsive(let pid, _): pid
        case .shimGone: nil
        }
    }

    public init(id: String, reason: Reason) {
        self.id = id
        self.reason = reason
    }

    /// Why containerd cannot tell the task's state: its shim does not answer.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// The shim is stopped (state T: SIGSTOP, a debugger, a frozen cgroup).
        case shimStopped(pid: Int32)
        /// No shim process serves the task any more (or only its zombie is left).
        case shimGone
        /// The shim runs but did not answer containerd's State call in time.
        case shimUnresponsive(pid: Int32, state: Character)

        public var description: String {
            switch self {
            case .shimStopped(let pid):
                return "its shim (pid \(pid)) is stopped (state T) and cannot answer containerd"
            case .shimGone:
                return "its shim process is gone, but containerd still lists the task"
            case .shimUnresponsive(let pid, let state):
                return "its shim (pid \(pid), state \(state)) does not answer containerd in time"
            }
        }
    }

    /// Diagnoses an UNKNOWN task from what the process table says about its shim.
    public static func diagnose(id: String, shim: ShimProcess?) -> UnknownTask {
        guard let shim, !shim.isZombie else { return UnknownTask(id: id, reason: .shimGone) }
        if shim.isStopped { return UnknownTask(id: id, reason: .shimStopped(pid: shim.pid)) }
        return UnknownTask(id: id, reason: .shimUnresponsive(pid: shim.pid, state: shim.state))
    }
}
