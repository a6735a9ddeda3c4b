/// containerd's gRPC API over its unix socket: the calls `scnet doctor tasks` needs, each with
/// the same deadline, all in one namespace (sent as the `containerd-namespace` metadata).
///
///     let client = try await ContainerdClient.connect(address: "/run/containerd/containerd.sock",
///                                                     namespace: "k8s.io", callTimeout: .seconds(10))
///     defer { Task { await client.close() } }
///     let unknown = try await client.listTasks().filter { $0.status == .unknown }
public struct ContainerdClient: ContainerdTaskAPI {
    public let address: String
    public let namespace: String
    public let callTimeout: Duration
    private let connection: GRPCUnixConnection

    public static func connect(address: String, namespace: String, callTimeout: Duration) async throws -> ContainerdClient {
        let connection = try await GRPCUnixConnection.connect(socketPath: address, timeout: callTimeout)
        return ContainerdClient(address: address, namespace: namespace, callTimeout: callTimeout, connection: connection)
    }

    public func close() async { await connection.close() }

    public func listTasks() async throws -> [TaskProcess] {
        let reply = try await call(ContainerdRequests.listTasks, ContainerdRequests.empty())
        return try ContainerdRequests.messages(1, in: reply).map { try TaskProcess(protobuf: $0) }
    }

    public func task(_ id: String) async throws -> TaskProcess? {
        guard let reply = try await callUnlessNotFound(ContainerdRequests.getTask, ContainerdRequests.byID(id)) else {
            return nil
        }
        return try ContainerdRequests.messages(1, in: reply).first.map { try TaskProcess(protobuf: $0) }
    }

    /// Signals the task's processes through its shim (which must answer, so not for hung shims).
    public func kill(_ id: String, signal: Int32, all: Bool = false) async throws {
        _ = try await call(ContainerdRequests.killTask, ContainerdRequests.kill(id, signal: signal, all: all))
    }

    public func deleteTask(_ id: String) async throws -> Bool {
        try await callUnlessNotFound(ContainerdRequests.deleteTask, ContainerdRequests.byID(id)) != nil
    }

    public func containers() async throws -> [ContainerRecord] {
        let reply = try await call(ContainerdRequests.listContainers, ContainerdRequests.empty())
        return try ContainerdRequests.messages(1, in: reply).map { try ContainerRecord(protobuf: $0) }
    }

    public func container(_ id: String) async throws -> ContainerRecord? {
        guard let reply = try await callUnlessNotFound(ContainerdRequests.getContainer, ContainerdRequests.byID(id)) else {
            return nil
        }
        return try ContainerdRequests.messages(1, in: reply).first.map { try ContainerRecord(protobuf: $0) }
    }

    public func deleteContainer(_ id: String) async throws -> Bool {
        try await callUnlessNotFound(ContainerdRequests.deleteContainer, ContainerdRequests.byID(id)) != nil
    }

    public func removeSnapshot(snapshotter: String, key: String) async throws -> Bool {
        let request = ContainerdRequests.removeSnapshot(snapshotter: snapshotter, key: key)
        return try await callUnlessNotFound(ContainerdRequests.removeSnapshot, request) != nil
    }

    private func call(_ method: String, _ request: [UInt8]) async throws -> [UInt8] {
        let replies = try await connection.unary(
            method, request: request, metadata: [("containerd-namespace", namespace)], timeout: callTimeout)
        guard replies.count == 1, let reply = replies.first else {
            throw DoctorError.malformedResponse(call: method, reason: "\(replies.count) messages for a unary call")
        }
        return reply
    }

    private func callUnlessNotFound(_ method: String, _ request: [UInt8]) async throws -> [UInt8]? {
        do {
            return try await call(method, request)
        } catch DoctorError.callFailed(_, let status) where status.isNotFound {
            return nil
        }
    }
}
