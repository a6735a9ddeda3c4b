/// A task's state as containerd reports it (`containerd.v1.types.Status`).
public enum TaskStatus: Sendable, Equatable, CustomStringConvertible {
    /// containerd could not ask the task's shim (it timed out or failed): the "unknown error".
    case unknown
    case created
    case running
    case stopped
    case paused
    case pausing
    /// A value this client does not know; kept so that it is never mistaken for UNKNOWN.
    case unrecognized(UInt64)

    init(wire: UInt64) {
        switch wire {
        case 0: self = .unknown
        case 1: self = .created
        case 2: self = .running
        case 3: self = .stopped
        case 4: self = .paused
        case 5: self = .pausing
        default: self = .unrecognized(wire)
        }
    }

    public var description: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .created: "CREATED"
        case .running: "RUNNING"
        case .stopped: "STOPPED"
        case .paused: "PAUSED"
        case .pausing: "PAUSING"
        case .unrecognized(let value): "status \(value)"
        }
    }
}

/// One task (its init process) as `Tasks.List` / `Tasks.Get` return it
/// (`containerd.v1.types.Process`: container_id 1, id 2, pid 3, status 4, exit_status 9).
public struct TaskProcess: Sendable, Equatable {
    /// The container's id; containerd 1.6's `List` leaves `container_id` empty and puts it in `id`.
    public var id: String
    public var pid: UInt32
    public var status: TaskStatus
    public var exitStatus: UInt32

    public init(id: String, pid: UInt32 = 0, status: TaskStatus, exitStatus: UInt32 = 0) {
        self.id = id
        self.pid = pid
        self.status = status
        self.exitStatus = exitStatus
    }

    public init(protobuf bytes: ArraySlice<UInt8>) throws {
        var containerID = "", processID = ""
        var pid: UInt32 = 0, status = TaskStatus.unknown, exitStatus: UInt32 = 0
        var reader = ProtobufReader(bytes)
        while let field = try reader.next() {
            switch field.number {
            case 1: containerID = try field.string()
            case 2: processID = try field.string()
            case 3: pid = try field.uint32()
            case 4: status = TaskStatus(wire: try field.uint64())
            case 9: exitStatus = try field.uint32()
            default: continue
            }
        }
        self.init(id: containerID.isEmpty ? processID : containerID, pid: pid, status: status, exitStatus: exitStatus)
    }
}

/// A container record (`containers.v1.Container`: id 1, image 3, runtime 4 {name 1},
/// snapshotter 6, snapshot_key 7) — metadata that outlives its task.
public struct ContainerRecord: Sendable, Equatable {
    public var id: String
    public var image: String
    public var runtime: String
    public var snapshotter: String
    public var snapshotKey: String

    public init(id: String, image: String = "", runtime: String = "", snapshotter: String = "", snapshotKey: String = "") {
        self.id = id
        self.image = image
        self.runtime = runtime
        self.snapshotter = snapshotter
        self.snapshotKey = snapshotKey
    }

    public init(protobuf bytes: ArraySlice<UInt8>) throws {
        self.init(id: "")
        var reader = ProtobufReader(bytes)
        while let field = try reader.next() {
            switch field.number {
            case 1: id = try field.string()
            case 3: image = try field.string()
            case 4:
                var runtimeReader = ProtobufReader(try field.message())
                while let runtimeField = try runtimeReader.next() {
                    if runtimeField.number == 1 { runtime = try runtimeField.string() }
                }
            case 6: snapshotter = try field.string()
            case 7: snapshotKey = try field.string()
            default: continue
            }
        }
    }
}
