import ArgumentParser
import Foundation
import KubeLite
import Logging
import ServiceLifecycle

/// `scnet serve`: runs the embedded Kubernetes-compatible API (KubeLite) until SIGINT/SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the embedded Kubernetes-compatible API that plain kubectl talks to.",
        discussion: """
            HTTPS with a bearer token: the CA, the server certificate and the token are made at first start \
            in DIR, and DIR/kubeconfig (mode 0600) carries the CA and the token once listening: \
            kubectl --kubeconfig DIR/kubeconfig get subnets
            """)

    @Option(name: .customLong("data-dir"), help: "Directory holding the objects and the written kubeconfig.")
    var dataDir: String

    @Option(help: "Address and port to listen on (port 0 picks a free one).")
    var listen: String = "127.0.0.1:8001"

    @Flag(name: .customLong("insecure-http"),
          help: "Plain HTTP without authentication (any local process may then change the network); loopback only.")
    var insecureHTTP = false

    func validate() throws {
        guard let (host, port) = Self.split(listen), (0...65535).contains(port) else {
            throw ValidationError("--listen \(listen): expected HOST:PORT, e.g. 127.0.0.1:8001")
        }
        try Self.checkInsecureHTTP(insecureHTTP, host: host)
    }

    /// `--insecure-http` (here and in `scnet up`) only on a loopback address.
    static func checkInsecureHTTP(_ insecureHTTP: Bool, host: String) throws {
        if insecureHTTP, !KubeLiteConfiguration.isLoopback(host) {
            throw ValidationError("--insecure-http: plain HTTP is only allowed on a loopback address, not \(host)")
        }
    }

    static func split(_ address: String) -> (String, Int)? {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else { return nil }
        return (String(address[..<colon]), port)
    }

    func run() async throws {
        let (host, port) = Self.split(listen)!
        let logger = Logger(label: "scnet.serve")
        let server = try await KubeLiteServer(
            KubeLiteConfiguration(dataDirectory: URL(fileURLWithPath: dataDir), host: host, port: port,
                                  transport: insecureHTTP ? .insecureHTTP : .tls),
            logger: logger)
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
