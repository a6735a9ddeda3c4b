/// The request messages the doctor sends, encoded by hand (field numbers from containerd 1.6's
/// api/services/{tasks,containers,snapshots}/v1 protos), with the full gRPC method paths.
enum ContainerdRequests {
    static let listTasks = "/containerd.services.tasks.v1.Tasks/List"
    static let getTask = "/containerd.services.tasks.v1.Tasks/Get"
    static let killTask = "/containerd.services.tasks.v1.Tasks/Kill"
    static let deleteTask = "/containerd.services.tasks.v1.Tasks/Delete"
    static let listContainers = "/containerd.services.containers.v1.Containers/List"
    static let getContainer = "/containerd.services.containers.v1.Containers/Get"
    static let deleteContainer = "/containerd.services.containers.v1.Containers/Delete"
    static let removeSnapshot = "/containerd.services.snapshots.v1.Snapshots/Remove"

    /// ListTasksRequest { filter 1 }, ListContainersRequest has no required field either.
    static func empty() -> [UInt8] { [] }

    /// GetRequest / DeleteTaskRequest / GetContainerRequest / DeleteContainerRequest: the id in field 1.
    static func byID(_ id: String) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.string(1, id)
        return writer.bytes
    }

    /// KillRequest { container_id 1, exec_id 2, signal 3, all 4 }.
    static func kill(_ id: String, signal: Int32, all: Bool) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.string(1, id)
        writer.uint32(3, UInt32(signal))
        writer.bool(4, all)
        return writer.bytes
    }

    /// RemoveSnapshotRequest { snapshotter 1, key 2 }.
    static func removeSnapshot(snapshotter: String, key: String) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.string(1, snapshotter)
        writer.string(2, key)
        return writer.bytes
    }

    /// The repeated message field `number` of a response (ListTasksResponse.tasks = 1,
    /// ListContainersResponse.containers = 1, GetResponse.process = 1, GetContainerResponse.container = 1).
    static func messages(_ number: Int, in response: [UInt8]) throws -> [ArraySlice<UInt8>] {
        var reader = ProtobufReader(response)
        var found: [ArraySlice<UInt8>] = []
        while let field = try reader.next() {
            if field.number == number { found.append(try field.message()) }
        }
        return found
    }
}
