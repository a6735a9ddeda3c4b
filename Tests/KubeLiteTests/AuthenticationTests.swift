import Foundation
import TestSupport
import Testing
@testable import KubeLite

/// The embedded API is HTTPS with a bearer token by default: no request without the token is
/// served (but the health checks), and the secrets on disk are the owner's alone.
@Suite("the embedded API's TLS and token", .serialized, .timeLimit(.minutes(1)))
struct AuthenticationTests {
    /// `curl` against the server: the HTTP status and body.
    static func curl(_ arguments: [String]) async throws -> (code: String, body: String) {
        let run = try await runToolAsync(["curl", "-sS", "-m", "10", "-w", "\n%{http_code}"] + arguments, timeout: .seconds(20))
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"))
    }

    @Test("no token or a wrong one is 401 Unauthorized; the right one is served; health checks need none")
    func tokenRequired() async throws {
        try await TestServer.with { server, kubectl in
            let dir = server.configuration.dataDirectory
            let url = await server.url()
            #expect(url.hasPrefix("https://127.0.0.1:"))
            let token = try String(contentsOf: dir.appendingPathComponent("token"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let ca = ["--cacert", dir.appendingPathComponent("ca.crt").path]

            let anonymous = try await Self.curl(ca + ["\(url)/api/v1/namespaces"])
            #expect(anonymous.code == "401", "\(anonymous)")
            #expect(anonymous.body.contains("\"reason\":\"Unauthorized\"") || anonymous.body.contains("\"reason\": \"Unauthorized\""), "\(anonymous)")
            let wrong = try await Self.curl(ca + ["-H", "Authorization: Bearer \(String(token.reversed()))", "\(url)/api/v1/namespaces"])
            #expect(wrong.code == "401", "\(wrong)")
            let basic = try await Self.curl(ca + ["-u", "admin:\(token)", "\(url)/api/v1/namespaces"])
            #expect(basic.code == "401", "\(basic)")
            let good = try await Self.curl(ca + ["-H", "Authorization: Bearer \(token)", "\(url)/api/v1/namespaces"])
            #expect(good.code == "200" && good.body.contains("NamespaceList"), "\(good)")
            let health = try await Self.curl(ca + ["\(url)/healthz"])
            #expect(health.code == "200" && health.body == "ok", "\(health)")

            // The certificate is checked against the data directory's CA, not skipped.
            let untrusted = try await Self.curl(["\(url)/healthz"])
            #expect(untrusted.code == "000", "curl trusted the server without its CA: \(untrusted)")
            // Plain HTTP to the TLS port gets nothing.
            let plain = try await Self.curl([url.replacingOccurrences(of: "https://", with: "http://") + "/healthz"])
            #expect(plain.code != "200", "\(plain)")

            // kubectl, with only the kubeconfig the server wrote, is served.
            let listed = try await kubectl("get", "namespaces", "-o", "name")
            #expect(listed.status == 0 && listed.stdout.contains("namespace/default"), "\(listed)")
        }
    }

    @Test("the data directory is 0700; the kubeconfig, the token and the keys are 0600")
    func fileModes() async throws {
        try await TestServer.with { server, _ in
            _ = await server.port()
            let dir = server.configuration.dataDirectory
            func mode(_ name: String) throws -> Int {
                let attributes = try FileManager.default.attributesOfItem(atPath: name.isEmpty ? dir.path : dir.appendingPathComponent(name).path)
                return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
            }
            #expect(try mode("") == 0o700)
            for secret in ["kubeconfig", "token", "ca.key", "server.key"] {
                #expect(try mode(secret) == 0o600, "\(secret)")
            }
            let kubeconfig = try String(contentsOf: server.kubeconfigPath, encoding: .utf8)
            #expect(kubeconfig.contains("certificate-authority-data:") && kubeconfig.contains("token:"), "\(kubeconfig)")
        }
    }

    @Test("plain HTTP is refused on an address that is not loopback")
    func insecureOnlyOnLoopback() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        await #expect(throws: KubeLiteError.self) {
            _ = try await KubeLiteServer(KubeLiteConfiguration(dataDirectory: dir, host: "0.0.0.0", transport: .insecureHTTP))
        }
        #expect(KubeLiteConfiguration.isLoopback("127.0.0.1") && KubeLiteConfiguration.isLoopback("127.9.9.9"))
        #expect(KubeLiteConfiguration.isLoopback("::1") && KubeLiteConfiguration.isLoopback("localhost"))
        #expect(!KubeLiteConfiguration.isLoopback("0.0.0.0") && !KubeLiteConfiguration.isLoopback("10.0.0.1") && !KubeLiteConfiguration.isLoopback("::"))
    }

    @Test("the bearer token comparison accepts only the exact token")
    func comparison() {
        #expect(APIResponder.authorized("Bearer abc123", token: "abc123"))
        #expect(!APIResponder.authorized("Bearer abc124", token: "abc123"))
        #expect(!APIResponder.authorized("Bearer abc1234", token: "abc123"))
        #expect(!APIResponder.authorized("bearer abc123", token: "abc123"))
        #expect(!APIResponder.authorized(nil, token: "abc123"))
    }
}
