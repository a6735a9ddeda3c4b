import Foundation
import Kube
import NIOSSL
import SCNetAPI
import Testing

@Suite("https: CA data, client certificates and bearer tokens from a kubeconfig", .timeLimit(.minutes(1)))
struct TLSTests {
    /// A stub that presents the test server certificate and requires the test client certificate.
    func startServer() async throws -> StubAPIServer {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(TestCertificates.serverCertificate.utf8))
                .map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(TestCertificates.serverKey.utf8), format: .pem)))
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(TestCertificates.clientCertificate.utf8)))
        return try await StubAPIServer(tls: tls)
    }

    func kubeconfig(server: String, cluster: String, user: String) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: t
        clusters: [{name: k, cluster: {server: "\(server)", \(cluster)}}]
        users: [{name: u, user: {\(user)}}]
        contexts: [{name: t, context: {cluster: k, user: u}}]
        """
    }

    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
    static let clientCertificateUser =
        "token: tok-1, client-certificate-data: \(b64(TestCertificates.clientCertificate)), client-key-data: \(b64(TestCertificates.clientKey))"

    func attempt(_ yaml: String) async throws -> Result<ObjectList<Subnet>, KubeError> {
        let client = try KubeClient(config: try KubeConfig.parse(kubeconfig: yaml))
        let result: Result<ObjectList<Subnet>, KubeError>
        do {
            result = .success(try await client.list(Subnet.self))
        } catch let error as KubeError {
            result = .failure(error)
        }
        try await client.shutdown()
        return result
    }

    @Test("with the CA and a client certificate the server is trusted, and the token is sent")
    func trustedWithClientCertificate() async throws {
        let server = try await startServer()
        let yaml = kubeconfig(
            server: server.baseURL, cluster: "certificate-authority-data: \(Self.b64(TestCertificates.serverCertificate))",
            user: Self.clientCertificateUser)
        let result = try await attempt(yaml)
        try await server.stop()
        #expect((try? result.get()) != nil, "\(result)")
        #expect(server.store.state.value.authorizations == ["Bearer tok-1"])
    }

    @Test("without the CA the server's certificate is refused; insecure-skip-tls-verify accepts it")
    func untrustedUnlessInsecure() async throws {
        let server = try await startServer()
        let refused = try await attempt(kubeconfig(server: server.baseURL, cluster: "", user: Self.clientCertificateUser))
        let insecure = try await attempt(
            kubeconfig(server: server.baseURL, cluster: "insecure-skip-tls-verify: true", user: Self.clientCertificateUser))
        try await server.stop()
        guard case .failure(let error) = refused, case .transport = error else {
            Issue.record("an unknown CA was accepted: \(refused)")
            return
        }
        // The operator sees why (after AHC's connection retries until the connect timeout).
        #expect(error.description.contains("CERTIFICATE_VERIFY_FAILED"))
        #expect((try? insecure.get()) != nil, "\(insecure)")
        #expect(server.store.requests.count == 1)
    }

    @Test("a server requiring a client certificate refuses a client without one")
    func clientCertificateRequired() async throws {
        let server = try await startServer()
        let result = try await attempt(
            kubeconfig(
                server: server.baseURL, cluster: "certificate-authority-data: \(Self.b64(TestCertificates.serverCertificate))",
                user: "token: tok-2"))
        try await server.stop()
        guard case .failure(.transport) = result else {
            Issue.record("expected a TLS failure, got \(result)")
            return
        }
        #expect(server.store.requests.isEmpty)
    }
}
