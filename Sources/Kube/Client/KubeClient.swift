import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import SCNetAPI

/// A Kubernetes REST client on AsyncHTTPClient: typed CRUD, `status`, list with paging, watch
/// and Events for every ``KubeResource``. Works with https (token, client certificate, CA) and
/// with plain `http://` servers such as the embedded API on loopback.
///
/// ```swift
/// let client = try KubeClient(config: .fromEnvironment())
/// defer { try? await client.shutdown() }   // or call it before the client goes away
/// let subnet = try await client.get(Subnet.self, name: "ovn-default")
/// ```
///
/// Call ``shutdown()`` before dropping the last reference: it closes the connection pool.
/// As kubectl does, the bearer token is sent only over https; plain http is for an
/// unauthenticated loopback server.
public final class KubeClient: Sendable {
    public let config: KubeConfig
    let http: HTTPClient
    let logger: Logger
    /// The largest non-watch answer accepted.
    let maxBodyBytes = 256 * 1024 * 1024

    public init(config: KubeConfig, logger: Logger = Logger(label: "scnet.kube")) throws(KubeError) {
        self.config = config
        self.logger = logger
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        configuration.redirectConfiguration = .disallow
        // Every informer's watch holds an HTTP/1 connection for minutes; AsyncHTTPClient's
        // default of 8 per host left a controller with 7 informers one connection for all its
        // writes (and timeouts waiting for it).
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        if config.usesTLS {
            configuration.tlsConfiguration = try Self.tlsConfiguration(config)
        }
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the connections. The client cannot be used afterwards.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    static func tlsConfiguration(_ config: KubeConfig) throws(KubeError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if config.insecureSkipTLSVerify {
                tls.certificateVerification = .none
            }
            if let ca = config.certificateAuthorityPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
        } catch {
            throw .configuration("\(config.origin): certificate-authority is not valid PEM (\(error))")
        }
        if let client = config.clientCertificate {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(client.certificatePEM).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: client.keyPEM, format: .pem))
            } catch {
                throw .configuration("\(config.origin): client-certificate or client-key is not valid PEM (\(error))")
            }
        }
        return tls
    }

    // MARK: - Requests

    /// A request to `path` with `query`, carrying the identity.
    func makeRequest(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        contentType: String = "application/json"
    ) throws(KubeError) -> HTTPClientRequest {
        var url = config.server + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(ResourcePath.escapeQuery($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "scnet-kube/1")
        // Like kubectl, credentials go only over TLS: over plain http they would travel in clear text.
        if config.usesTLS, let token = try config.token?.token() {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(data: body))
        }
        return request
    }

    /// Sends a request and returns its 2xx body; any other answer becomes a ``KubeError``.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        contentType: String = "application/json", timeout: TimeAmount = .seconds(60)
    ) async throws -> Data {
        let label = "\(method.rawValue) \(path)"
        let request = try makeRequest(method, path, query: query, body: body, contentType: contentType)
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await http.execute(request, timeout: timeout, logger: logger)
            bytes = try await response.body.collect(upTo: maxBodyBytes)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw KubeError.transport(request: label, reason: String(describing: error))
        }
        let data = Data(buffer: bytes)
        guard (200..<300).contains(response.status.code) else {
            throw Self.error(status: response.status, body: data, request: label)
        }
        return data
    }

    /// The ``KubeError`` for a failed answer: its Status body, or one made from the HTTP status line.
    static func error(status: HTTPResponseStatus, body: Data, request: String) -> KubeError {
        var apiStatus =
            (try? JSONDecoder().decode(APIStatus.self, from: body))
            ?? APIStatus(
                code: Int(status.code), reason: status.reasonPhrase,
                message: String(decoding: body.prefix(500), as: UTF8.self))
        if apiStatus.code == nil || apiStatus.code == 0 { apiStatus.code = Int(status.code) }
        apiStatus.request = request
        return .from(status: apiStatus)
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, request: String) throws(KubeError) -> T {
        do {
            return try JSONValueDecoder().decode(type, from: data)
        } catch {
            throw .undecodable(request: request, what: "the answer as \(T.self)", reason: String(describing: error))
        }
    }

    func encode<T: Encodable>(_ value: T, request: String) throws(KubeError) -> Data {
        do {
            return try JSONEncoder().encode(value)
        } catch {
            throw .undecodable(request: request, what: "the request body \(T.self)", reason: String(describing: error))
        }
    }

    /// The namespace used for a namespaced kind when none is given: the config's.
    func namespace<R: KubeResource>(for type: R.Type, _ given: String?) -> String? {
        R.isNamespaced ? (given ?? config.namespace) : nil
    }
}
