import CNI
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Serves `scnet-cni` on a unix socket: `POST /cni` with a ``CNIRequest``, answered with a
/// ``CNIResponse``; `GET /healthz` for probes. The socket is made 0600 (root's plugin only) and
/// replaced if a dead agent left it behind.
struct CNIServer: Sendable {
    let path: String
    let handler: CNIHandler
    let logger: Logger
    let onListening: @Sendable () async -> Void

    func run() async throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        let router = Router()
        let handler = self.handler
        router.post("cni") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let text = String(buffer: body)
            guard let call = CNIRequest(json: text) else {
                let error = CNIError(CNIError.Code.decodingFailure, "the agent could not read the plugin's request")
                return Self.reply(CNIResponse(success: false, output: error.json))
            }
            return Self.reply(await handler.handle(call))
        }
        router.get("healthz") { _, _ in "ok" }
        let path = self.path
        let onListening = self.onListening
        let app = Application(
            router: router, configuration: .init(address: .unixDomainSocket(path: path), serverName: nil),
            onServerRunning: { _ in
                chmod(path, 0o600)
                await onListening()
            },
            logger: logger)
        // The agent stops by cancelling this task; Hummingbird cancelled mid-run logs errors
        // ("Already closed") on every normal stop. Cancellation becomes a graceful shutdown.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    static func reply(_ response: CNIResponse) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: response.json)))
    }
}
