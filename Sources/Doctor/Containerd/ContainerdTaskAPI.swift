/// The containerd calls the task doctor needs; `ContainerdClient` speaks them over gRPC, tests
/// may substitute a recording fake. Every call is bounded by the client's deadline.
public protocol ContainerdTaskAPI: Sendable {
    /// The socket path, for messages.
    var address: String { get }
    var namespace: String { get }
    func listTasks() async throws -> [TaskProcess]
    /// The task, or nil when containerd no longer has one for this container.
    func task(_ id: String) async throws -> TaskProcess?
    /// Deletes the task; false when there was none.
    func deleteTask(_ id: String) async throws -> Bool
    /// The container record, or nil when there is none.
    func container(_ id: String) async throws -> ContainerRecord?
    /// Deletes the container record; false when there was none.
    func deleteContainer(_ id: String) async throws -> Bool
    /// Removes a snapshot; false when there was none.
    func removeSnapshot(snapshotter: String, key: String) async throws -> Bool
}
