import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Where and how the embedded API runs.
public struct KubeLiteConfiguration: Sendable {
    /// Holds the data (`snapshot.json`, `journal.jsonl`) and the written `kubeconfig`.
    public var dataDirectory: URL
    public var host: String
    /// 0 picks a free port (see ``KubeLiteServer/port()``).
    public var port: Int
    /// How often watches that allow bookmarks get one.
    public var bookmarkInterval: Duration

    public init(dataDirectory: URL, host: String = "127.0.0.1", port: Int = 0, bookmarkInterval: Duration = .seconds(30)) {
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.bookmarkInterval = bookmarkInterval
    }
}

/// scnet's embedded Kubernetes-compatible API server, for one machine: plain `kubectl` and the
/// `Kube` client talk to it. Plain HTTP on loopback (kubectl sends no credentials over http, so
/// there is nothing to authenticate); state survives restarts in the data directory.
///
/// ```swift
/// let server = try KubeLiteServer(KubeLiteConfiguration(dataDirectory: dir))
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()          // elsewhere: try await server.port(), server.kubeconfigPath
/// ```
public final class KubeLiteServer: Service, Sendable {
    public let configuration: KubeLiteConfiguration
    /// The objects; the controller may read and write them in-process.
    public let store: ObjectStore
    private let logger: Logger
    private let bound = Mutex<BoundState>(BoundState())

    private struct BoundState {
        var port: Int?
        var waiters: [CheckedContinuation<Int, Never>] = []
    }

    /// `DIR/kubeconfig`, written once the server listens.
    public var kubeconfigPath: URL { configuration.dataDirectory.appendingPathComponent("kubeconfig") }

    /// Opens the store (replaying the data directory) and creates the built-in namespaces.
    public init(_ configuration: KubeLiteConfiguration, logger: Logger = Logger(label: "scnet.kubelite")) async throws {
        self.configuration = configuration
        self.logger = logger
        store = try await ObjectStore(directory: configuration.dataDirectory)
        try await store.ensureBuiltInNamespaces()
    }

    /// The port the server listens on; waits until it does.
    public func port() async -> Int {
        await withCheckedContinuation { c in
            let ready: Int? = bound.withLock { state in
                if let p = state.port { return p }
                state.waiters.append(c)
                return nil
            }
            if let ready { c.resume(returning: ready) }
        }
    }

    /// `http://host:port` once listening.
    public func url() async -> String { "http://\(configuration.host):\(await port())" }

    public func run() async throws {
        let store = self.store
        let logger = self.logger
        let host = configuration.host
        let responder = APIResponder(store: store, serverAddress: "\(host):\(configuration.port)", logger: logger)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? 0
                do {
                    try writeKubeconfig(port: port)
                } catch {
                    logger.error("cannot write \(kubeconfigPath.path): \(error)")
                }
                logger.info("KubeLite API listening on http://\(host):\(port), kubeconfig \(kubeconfigPath.path)")
                let waiters = bound.withLock { state in
                    state.port = port
                    defer { state.waiters = [] }
                    return state.waiters
                }
                for w in waiters { w.resume(returning: port) }
            },
            logger: logger)
        let interval = configuration.bookmarkInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withGracefulShutdownHandler {
                    try await app.run()
                } onGracefulShutdown: {
                    // Open watches would hold the HTTP server's graceful shutdown forever: end them first.
                    Task { await store.shutdown() }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    await store.sendBookmarks()
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        await store.shutdown()
    }

    private func writeKubeconfig(port: Int) throws {
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: scnet
              cluster:
                server: http://\(configuration.host):\(port)
            contexts:
            - name: scnet
              context:
                cluster: scnet
                user: scnet
                namespace: default
            current-context: scnet
            users:
            - name: scnet
              user: {}

            """
        try text.write(to: kubeconfigPath, atomically: true, encoding: .utf8)
    }
}
