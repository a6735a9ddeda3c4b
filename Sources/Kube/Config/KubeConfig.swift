import Foundation

/// Where and how to reach a Kubernetes API server: its URL, how to trust it, who to be, and the
/// default namespace. Made from a kubeconfig file (``load(kubeconfig:context:)``), from a pod's
/// service account (``inCluster(environment:serviceAccountDirectory:)``), or by hand for a plain
/// `http://` server such as the embedded API on loopback:
///
/// ```swift
/// let config = KubeConfig(server: "http://127.0.0.1:6443")
/// let client = try KubeClient(config: config)
/// ```
public struct KubeConfig: Sendable {
    /// The API server's base URL without a trailing slash, e.g. `https://10.0.0.1:6443`.
    public var server: String
    /// The namespace of the current context (`default` when it names none).
    public var namespace: String
    /// The bearer token, if the user has one (a fixed value, or a file re-read as it rotates).
    public var token: TokenSource?
    /// A client certificate and its key, PEM, for mutual TLS.
    public var clientCertificate: ClientCertificate?
    /// PEM certificates of the authorities the server's certificate must chain to; `nil` means the system roots.
    public var certificateAuthorityPEM: [UInt8]?
    /// Accept any server certificate (kubeconfig `insecure-skip-tls-verify`).
    public var insecureSkipTLSVerify: Bool
    /// What the config was made from, for messages (`kubeconfig /root/.kube/config context "kind"`).
    public var origin: String

    public init(
        server: String, namespace: String = "default", token: TokenSource? = nil,
        clientCertificate: ClientCertificate? = nil, certificateAuthorityPEM: [UInt8]? = nil,
        insecureSkipTLSVerify: Bool = false, origin: String = "explicit configuration"
    ) {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        self.server = base
        self.namespace = namespace
        self.token = token
        self.clientCertificate = clientCertificate
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.origin = origin
    }

    /// Whether the server is reached over TLS.
    public var usesTLS: Bool { server.lowercased().hasPrefix("https://") }
}

/// A client certificate chain and private key in PEM.
public struct ClientCertificate: Sendable, Hashable {
    public var certificatePEM: [UInt8]
    public var keyPEM: [UInt8]

    public init(certificatePEM: [UInt8], keyPEM: [UInt8]) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }
}

extension KubeConfig {
    /// The config a process finds by itself, in kubectl's order: the file named by `KUBECONFIG`
    /// (the first of a `:`-separated list), then `~/.kube/config`, then the pod's service account.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KubeConfig {
        if let list = environment["KUBECONFIG"], let first = list.split(separator: ":").first {
            return try load(kubeconfig: String(first))
        }
        if let home = environment["HOME"] {
            let path = home + "/.kube/config"
            if FileManager.default.fileExists(atPath: path) { return try load(kubeconfig: path) }
        }
        return try inCluster(environment: environment)
    }
}
