import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix

/// One HTTP/2 connection (prior knowledge, no TLS) to a gRPC server on a unix socket, carrying
/// unary calls. Every call has a deadline: it is sent to the server as `grpc-timeout`, and
/// enforced here too — when it passes, the stream is reset and the call fails, whatever the
/// server is doing. A server that accepted the connection but never speaks (a stopped daemon)
/// therefore cannot hang a caller.
///
///     let connection = try await GRPCUnixConnection.connect(socketPath: "/run/containerd/containerd.sock", timeout: .seconds(5))
///     let replies = try await connection.unary("/containerd.services.tasks.v1.Tasks/List",
///         request: [], metadata: [("containerd-namespace", "k8s.io")], timeout: .seconds(10))
public final class GRPCUnixConnection: Sendable {
    public let socketPath: String
    private let channel: any Channel
    private let multiplexer: NIOHTTP2Handler.AsyncStreamMultiplexer<Void>

    private init(socketPath: String, channel: any Channel, multiplexer: NIOHTTP2Handler.AsyncStreamMultiplexer<Void>) {
        self.socketPath = socketPath
        self.channel = channel
        self.multiplexer = multiplexer
    }

    /// Connects, failing with `DoctorError.unreachable` naming the socket when nothing answers.
    public static func connect(
        socketPath: String, timeout: Duration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> GRPCUnixConnection {
        do {
            let (channel, multiplexer) = try await ClientBootstrap(group: group)
                .connectTimeout(timeAmount(timeout))
                .connect(unixDomainSocketPath: socketPath) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let multiplexer = try channel.pipeline.syncOperations.configureAsyncHTTP2Pipeline(
                            mode: .client
                        ) { serverStream in
                            // gRPC servers never open streams towards the client.
                            serverStream.close(promise: nil)
                            return serverStream.eventLoop.makeSucceededVoidFuture()
                        }
                        return (channel, multiplexer)
                    }
                }
            return GRPCUnixConnection(socketPath: socketPath, channel: channel, multiplexer: multiplexer)
        } catch {
            throw DoctorError.unreachable(socket: socketPath, reason: "\(error)")
        }
    }

    /// Sends one request message to `method` (`/package.Service/Method`) and returns the
    /// response messages (one for a unary call).
    public func unary(
        _ method: String, request: [UInt8], metadata: [(String, String)], timeout: Duration
    ) async throws -> [[UInt8]] {
        let promise = channel.eventLoop.makePromise(of: GRPCResponseAssembler.Outcome.self)
        let deadline = channel.eventLoop.scheduleTask(in: Self.timeAmount(timeout)) {
            promise.fail(DoctorError.deadlineExceeded(call: method, socket: self.socketPath, seconds: timeout.inSeconds))
        }
        let stream: any Channel
        do {
            stream = try await multiplexer.openStream { streamChannel in
                streamChannel.eventLoop.makeCompletedFuture {
                    try streamChannel.pipeline.syncOperations.addHandler(GRPCUnaryCallHandler(promise: promise))
                    return streamChannel
                }
            }
        } catch {
            deadline.cancel()
            promise.fail(error)
            throw DoctorError.unreachable(socket: socketPath, reason: "cannot open a stream for \(method): \(error)")
        }
        // Whatever ends the call (answer, deadline, error) also ends the stream: a reset tells
        // the server to stop working on it.
        promise.futureResult.whenComplete { _ in
            deadline.cancel()
            stream.close(promise: nil)
        }
        stream.write(HTTP2Frame.FramePayload.headers(.init(headers: requestHeaders(method, metadata, timeout))), promise: nil)
        let body = ByteBuffer(bytes: GRPCMessageFraming.frame(request))
        stream.writeAndFlush(HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(body), endStream: true)), promise: nil)

        switch try await promise.futureResult.get() {
        case .messages(let messages):
            return messages
        case .failed(let status):
            throw DoctorError.callFailed(call: method, status: status)
        case .malformed(let reason):
            throw DoctorError.malformedResponse(call: method, reason: reason)
        }
    }

    public func close() async {
        try? await channel.close()
    }

    private func requestHeaders(_ method: String, _ metadata: [(String, String)], _ timeout: Duration) -> HPACKHeaders {
        var headers = HPACKHeaders([
            (":method", "POST"), (":scheme", "http"), (":path", method), (":authority", "localhost"),
            ("content-type", "application/grpc"), ("te", "trailers"),
            ("grpc-timeout", Self.grpcTimeout(timeout)),
        ])
        for (name, value) in metadata { headers.add(name: name.lowercased(), value: value) }
        return headers
    }

    /// `grpc-timeout` allows at most 8 digits: milliseconds up to ~27 hours.
    static func grpcTimeout(_ timeout: Duration) -> String {
        let milliseconds = max(1, min(99_999_999, Int64(timeout.inSeconds * 1000)))
        return "\(milliseconds)m"
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(duration.inSeconds * 1_000_000_000))
    }
}

extension Duration {
    /// The duration as a floating-point number of seconds.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
