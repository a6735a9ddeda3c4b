import Foundation
import TestSupport
import KubeLite
import Logging
import ServiceLifecycle

/// Runs a KubeLite server in-process on a free loopback port with a temp data directory, hands a
/// `Kubectl` bound to its kubeconfig to `body`, then stops the server gracefully (as SIGTERM would).
enum TestServer {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kubelite-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs `body` against a server on `dataDirectory` (a new temp dir when nil).
    static func with<T: Sendable>(
        dataDirectory: URL? = nil, _ body: @Sendable (KubeLiteServer, Kubectl) async throws -> T
    ) async throws -> T {
        let dir = try dataDirectory ?? temporaryDirectory()
        defer { if dataDirectory == nil { try? FileManager.default.removeItem(at: dir) } }
        var logger = Logger(label: "kubelite-test")
        logger.logLevel = .warning
        let server = try await KubeLiteServer(KubeLiteConfiguration(dataDirectory: dir), logger: logger)
        let work = dir.appendingPathComponent("work-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let services = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await services.run()
                return nil
            }
            _ = await server.port()
            let kubectl = Kubectl(kubeconfig: server.kubeconfigPath.path, cacheDir: work.appendingPathComponent("cache").path, workDir: work)
            let result: Result<T, any Error>
            do {
                result = .success(try await body(server, kubectl))
            } catch {
                result = .failure(error)
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }
}
