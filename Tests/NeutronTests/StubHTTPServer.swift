import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TestSupport

/// A tiny HTTP/1.1 server on 127.0.0.1 for unit tests: every request is recorded and answered
/// by `respond`. Stands in for Keystone (which is not installed here) and for failure modes a
/// real Neutron cannot be made to produce on demand (503s).
final class StubHTTPServer: Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [String: String]
        var body: Data

        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    struct Response: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: Data = Data()

        static func json(_ status: Int, _ object: Any, headers: [String: String] = [:]) -> Response {
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
            return Response(status: status, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a }, body: data)
        }
    }

    typealias Responder = @Sendable (Request) -> Response

    private let channel: any Channel
    private let recorded: Locked<[Request]>
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { recorded.value }

    init(respond: @escaping Responder) async throws {
        let recorded = Locked<[Request]>([])
        self.recorded = recorded
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(respond: respond, record: { request in
                        recorded.withLock { $0.append(request) }
                    }))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func close() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let respond: Responder
        let record: @Sendable (Request) -> Void
        var head: HTTPRequestHead?
        var body = Data()

        init(respond: @escaping Responder, record: @escaping @Sendable (Request) -> Void) {
            self.respond = respond
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = Data()
            case .body(var buffer):
                body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            case .end:
                guard let head else { return }
                var headers: [String: String] = [:]
                for (name, value) in head.headers { headers[name.lowercased()] = value }
                let request = Request(method: head.method.rawValue, uri: head.uri, headers: headers, body: body)
                record(request)
                let response = respond(request)
                var responseHeaders = HTTPHeaders(response.headers.map { ($0.key, $0.value) })
                responseHeaders.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                let responseHead = HTTPResponseHead(
                    version: head.version, status: HTTPResponseStatus(statusCode: response.status),
                    headers: responseHeaders)
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
