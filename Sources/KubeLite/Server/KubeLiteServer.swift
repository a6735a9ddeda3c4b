import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NetAddress
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
    /// TLS with a bearer token (the default), or plain HTTP without authentication (loopback only).
    public var transport: Transport

    /// How clients reach the API.
    public enum Transport: Sendable, Equatable {
        /// HTTPS with a certificate from the data directory's own CA, and a bearer token on
        /// every request (both written into the kubeconfig).
        case tls
        /// Plain HTTP, no authentication: any local process can change the network. Refused
        /// on anything but a loopback address.
        case insecureHTTP
    }

    public init(dataDirectory: URL, host: String = "127.0.0.1", port: Int = 0, bookmarkInterval: Duration = .seconds(30),
                transport: Transport = .tls) {
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.bookmarkInterval = bookmarkInterval
        self.transport = transport
    }

    /// Whether `host` is a loopback address or name.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        guard let address = IPAddress(host) else { return false }
        return address.family == .v4 ? address.value >> 24 == 127 : address.value == 1
    }
}

/// scnet's embedded Kubernetes-compatible API server, for one machine: plain `kubectl` and the
/// `Kube` client talk to it. HTTPS with a bearer token by default (see ``ServerCredentials``;
/// the kubeconfig it writes carries both); state survives restarts in the data directory.
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
    private let credentials: ServerCredentials?

    private struct BoundState {
        var port: Int?
        var waiters: [CheckedContinuation<Int, Never>] = []
    }

    /// `DIR/kubeconfig`, written once the server listens.
    public var kubeconfigPath: URL { configuration.dataDirectory.appendingPathComponent("kubeconfig") }

    /// Opens the store (replaying the data directory) and creates the built-in namespaces.
    /// Refuses plain HTTP on a non-loopback address (``KubeLiteError/badRequest(_:)`` naming it).
    public init(_ configuration: KubeLiteConfiguration, logger: Logger = Logger(label: "scnet.kubelite")) async throws {
        self.configuration = configuration
        self.logger = logger
        switch configuration.transport {
        case .tls:
            credentials = try ServerCredentials.prepare(in: configuration.dataDirectory, host: configuration.host)
        case .insecureHTTP:
            guard KubeLiteConfiguration.isLoopback(configuration.host) else {
                throw KubeLiteError.badRequest(
                    "listen address \(configuration.host): plain HTTP without authentication is only allowed on a loopback address")
            }
            try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
            try ServerCredentials.restrict(configuration.dataDirectory, mode: 0o700)
            credentials = nil
        }
        store = try await ObjectStore(directory: configuration.dataDirectory)
        let torn = await store.tornJournalTailBytes
        if torn > 0 {
            logger.warning("the journal ended in a write a crash interrupted (never acknowledged): cut \(torn) bytes")
        }
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

    /// `https://host:port` (or `http://` for ``KubeLiteConfiguration/Transport/insecureHTTP``) once listening.
    public func url() async -> String { "\(scheme)://\(Self.hostForURL(configuration.host)):\(await port())" }

    private var scheme: String { credentials == nil ? "http" : "https" }

    static func hostForURL(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    public func run() async throws {
        let store = self.store
        let logger = self.logger
        let host = configuration.host
        let responder = APIResponder(store: store, serverAddress: "\(host):\(configuration.port)", token: credentials?.token, logger: logger)
        let server: HTTPServerBuilder = try credentials.map { try .tls(.http1(), tlsConfiguration: try $0.tlsConfiguration()) } ?? .http1()
        let scheme = self.scheme
        let app = Application(
            responder: responder,
            server: server,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? 0
                do {
                    try writeKubeconfig(port: port)
                } catch {
                    logger.error("cannot write \(kubeconfigPath.path): \(error)")
                }
                logger.info("KubeLite API listening on \(scheme)://\(Self.hostForURL(host)):\(port), kubeconfig \(kubeconfigPath.path)")
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

    /// Writes `DIR/kubeconfig` (0600): the server, the CA to trust and the token to send.
    private func writeKubeconfig(port: Int) throws {
        // A wildcard listen address is reached on loopback.
        let host = ["0.0.0.0", "::", ""].contains(configuration.host) ? "127.0.0.1" : configuration.host
        let cluster: String, user: String
        if let credentials {
            cluster = """
                    server: https://\(Self.hostForURL(host)):\(port)
                    certificate-authority-data: \(Data(credentials.caCertificatePEM.utf8).base64EncodedString())
                """
            user = "    token: \(credentials.token)"
        } else {
            cluster = "    server: http://\(Self.hostForURL(host)):\(port)"
            user = "    {}"
        }
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: scnet
              cluster:
            \(cluster)
            contexts:
            - name: scnet
              context:
                cluster: scnet
                user: scnet
                namespace: default
            current-context: scnet
            users:
            - name: scnet
              user:
            \(user)

            """
        try ServerCredentials.writeSecret(text, to: kubeconfigPath)
    }
}
