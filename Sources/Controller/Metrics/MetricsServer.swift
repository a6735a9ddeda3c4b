import Hummingbird
import Logging

/// Serves `/metrics` (Prometheus text format) and `/healthz` on a loopback address.
struct MetricsServer: Sendable {
    let metrics: ControllerMetrics
    let host: String
    let port: Int
    let logger: Logger

    func run() async throws {
        let router = Router()
        let metrics = self.metrics
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("healthz") { _, _ in "ok" }
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
        try await app.runService()
    }
}
