import NIOCore
import NIOPosix

/// One JSON-RPC connection to one OVSDB server: framer → JSON-RPC handler → this.
///
/// No reconnection or leader logic here; `OVSDBClient` builds that on top. `call` may be used
/// from many tasks at once: requests are pipelined on the socket.
public final class OVSDBConnection: Sendable {
    public let remote: Remote
    let channel: any Channel

    private init(remote: Remote, channel: any Channel) {
        self.remote = remote
        self.channel = channel
    }

    /// Connects to `remote`. `onNotification` runs on the event loop for every server
    /// notification; `onClose` runs once when the connection ends.
    public static func connect(
        to remote: Remote,
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        keepAliveInterval: TimeAmount = .seconds(5),
        connectTimeout: TimeAmount = .seconds(3),
        onNotification: @escaping @Sendable (String, [JSON]) -> Void,
        onClose: @escaping @Sendable () -> Void = {}
    ) async throws -> OVSDBConnection {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(JSONStreamFramer()))
                    try channel.pipeline.syncOperations.addHandler(
                        JSONRPCHandler(keepAliveInterval: keepAliveInterval, onNotification: onNotification))
                }
            }
        let channel: any Channel
        switch remote {
        case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
        case .tcp(let host, let port):
            channel = try await bootstrap.channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port).get()
        }
        channel.closeFuture.whenComplete { _ in onClose() }
        return OVSDBConnection(remote: remote, channel: channel)
    }

    /// Sends one request and waits for its response's `result`, at most `timeout` (nil: until
    /// the connection ends). Honours task cancellation. A request that timed out or was
    /// cancelled after it was sent may still take effect on the server.
    public func call(_ method: String, _ params: [JSON], timeout: Duration? = nil) async throws -> JSON {
        try await send(method, params, timeout: timeout, onReply: nil)
    }

    public var isActive: Bool { channel.isActive }

    public func close() async {
        try? await channel.close()
    }

    // MARK: - RFC 7047 methods

    public func listDatabases(timeout: Duration? = nil) async throws -> [String] {
        let result = try await call("list_dbs", [], timeout: timeout)
        return (result.arrayValue ?? []).compactMap(\.stringValue)
    }

    public func schema(of database: String, timeout: Duration? = nil) async throws -> DatabaseSchema {
        try DatabaseSchema(json: try await call("get_schema", [.string(database)], timeout: timeout))
    }

    /// Runs `operations` as one transaction; throws the first failing operation's error.
    public func transact(_ database: String, _ operations: [OVSDBOperation], timeout: Duration? = nil) async throws -> [OperationResult] {
        let reply = try await call("transact", [.string(database)] + operations.map { $0.json() }, timeout: timeout)
        return try OperationResult.parse(reply, for: operations)
    }
}

extension OVSDBConnection {
    /// Sends one request; `onReply` runs on the event loop as the response is read, before any
    /// later message is processed (used to install a monitor's initial contents in order).
    @discardableResult
    public func call(_ method: String, _ params: [JSON], timeout: Duration? = nil,
                     onReply: @escaping @Sendable (JSON) -> Void) async throws -> JSON {
        try await send(method, params, timeout: timeout, onReply: onReply)
    }

    private func send(_ method: String, _ params: [JSON], timeout: Duration?,
                      onReply: (@Sendable (JSON) -> Void)?) async throws -> JSON {
        let promise = channel.eventLoop.makePromise(of: JSON.self)
        if let onReply { promise.futureResult.whenSuccess(onReply) }
        channel.writeAndFlush((RPCCall(method: method, params: params), promise)).whenFailure { error in
            promise.fail(error is ChannelError ? OVSDBError.notConnected("\(self.remote): \(error)") : error)
        }
        return try await BoundedReply.wait(for: promise.futureResult, on: channel.eventLoop, timeout: timeout) {
            OVSDBError.timedOut("\(self.remote) did not answer \"\(method)\" within \(timeout.map { "\($0)" } ?? "")")
        }
    }
}
