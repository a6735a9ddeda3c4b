import AsyncHTTPClient
import Foundation
import Neutron
import TestSupport
import Testing

/// The Keystone v3 token flow against a local stub (Keystone itself is not installed).
@Suite("Keystone authentication")
struct KeystoneAuthTests {
    static let http = NeutronClient.makeHTTPClient()

    func client(_ stub: KeystoneStub, _ method: KeystoneCredentials.Method, endpoint: EndpointSelector = .init())
        -> NeutronClient
    {
        NeutronClient(
            configuration: NeutronConfiguration(
                authentication: .keystone(
                    KeystoneCredentials(authURL: stub.authURL, method: method), endpoint: .catalog(endpoint)),
                retry: .none, requestTimeout: .seconds(10)),
            httpClient: Self.http)
    }

    static let password = KeystoneCredentials.Method.password(
        .init(username: "admin", password: "secret", userDomainName: "Default",
              project: .name("demo", domainName: "DomainB")))

    @Test("password auth sends user, domains and project scope, then calls the catalog's public network endpoint")
    func passwordFlow() async throws {
        let stub = try await KeystoneStub.start()
        defer { Task { try? await stub.server.close() } }
        let networks = try await client(stub, Self.password).networks()
        #expect(networks.map(\.name) == ["seen-with-tok-1"])

        let auth = try #require(stub.tokenRequests.first?.json?["auth"] as? [String: Any])
        let identity = try #require(auth["identity"] as? [String: Any])
        #expect(identity["methods"] as? [String] == ["password"])
        let user = try #require((identity["password"] as? [String: Any])?["user"] as? [String: Any])
        #expect(user["name"] as? String == "admin")
        #expect((user["domain"] as? [String: Any])?["name"] as? String == "Default")
        let project = try #require((auth["scope"] as? [String: Any])?["project"] as? [String: Any])
        #expect(project["name"] as? String == "demo")
        #expect((project["domain"] as? [String: Any])?["name"] as? String == "DomainB")

        let call = try #require(stub.neutronRequests.first)
        #expect(call.uri.hasPrefix("/net-public/v2.0/networks"))
        #expect(call.headers["x-auth-token"] == "tok-1")
    }

    @Test("application credentials authenticate with id and secret and no scope")
    func applicationCredential() async throws {
        let stub = try await KeystoneStub.start()
        defer { Task { try? await stub.server.close() } }
        _ = try await client(stub, .applicationCredential(id: "ac-1", secret: "s3")).networks()
        let auth = try #require(stub.tokenRequests.first?.json?["auth"] as? [String: Any])
        let identity = try #require(auth["identity"] as? [String: Any])
        #expect(identity["methods"] as? [String] == ["application_credential"])
        let credential = try #require(identity["application_credential"] as? [String: Any])
        #expect(credential["id"] as? String == "ac-1")
        #expect(credential["secret"] as? String == "s3")
        #expect(auth["scope"] == nil)
    }

    @Test("interface and region pick the endpoint from the catalog")
    func endpointSelection() async throws {
        let stub = try await KeystoneStub.start()
        defer { Task { try? await stub.server.close() } }
        _ = try await client(stub, Self.password, endpoint: .init(interface: "internalURL", region: "RegionOne")).networks()
        _ = try await client(stub, Self.password, endpoint: .init(interface: "public", region: "RegionTwo")).networks()
        #expect(stub.neutronRequests.map { $0.uri.split(separator: "?")[0] }
            == ["/net-internal/v2.0/networks", "/net-two/v2.0/networks"])
    }

    @Test("a region without a network endpoint is an error listing the endpoints that exist")
    func missingRegion() async throws {
        let stub = try await KeystoneStub.start()
        defer { Task { try? await stub.server.close() } }
        let error = await #expect(throws: NeutronClientError.self) {
            try await client(stub, Self.password, endpoint: .init(region: "RegionNine")).networks()
        }
        guard case .noEndpoint(let type, _, let region, let available)? = error else {
            Issue.record("expected .noEndpoint, got \(String(describing: error))")
            return
        }
        #expect(type == "network" && region == "RegionNine")
        #expect(available.contains("public@RegionTwo"))
        #expect("\(error!)".contains("RegionNine"))
    }

    @Test("a wrong password is an authentication error carrying Keystone's message")
    func wrongPassword() async throws {
        let stub = try await KeystoneStub.start()
        defer { Task { try? await stub.server.close() } }
        let wrong = KeystoneCredentials.Method.password(.init(username: "admin", password: "nope", project: .id("p")))
        let error = await #expect(throws: NeutronClientError.self) { try await client(stub, wrong).networks() }
        guard case .authentication(_, let reason)? = error else {
            Issue.record("expected .authentication, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("401") && reason.contains("requires authentication"))
        #expect(stub.neutronRequests.isEmpty)
    }

    @Test("the token is fetched once and reused by later and concurrent calls")
    func tokenReused() async throws {
        let stub = try await KeystoneStub.start()
        defer { Task { try? await stub.server.close() } }
        let neutron = client(stub, Self.password)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await neutron.networks() } }
            try await group.waitForAll()
        }
        _ = try await neutron.networks()
        #expect(stub.tokenRequests.count == 1)
        #expect(stub.neutronRequests.count == 9)
        #expect(Set(stub.neutronRequests.map { $0.headers["x-auth-token"] }) == ["tok-1"])
    }

    @Test("a token Neutron rejects with 401 is replaced and the call repeated once")
    func rejectedToken() async throws {
        let stub = try await KeystoneStub.start()
        defer { Task { try? await stub.server.close() } }
        let neutron = client(stub, Self.password)
        _ = try await neutron.networks()
        stub.revoke("tok-1")
        let networks = try await neutron.networks()
        #expect(networks.map(\.name) == ["seen-with-tok-2"])
        #expect(stub.tokenRequests.count == 2)
    }

    @Test("the session renews the token once less than renewBefore is left, not earlier")
    func renewal() async throws {
        let stub = try await KeystoneStub.start(lifetime: 3600)
        defer { Task { try? await stub.server.close() } }
        let clock = Locked(Date())
        let session = KeystoneSession(
            credentials: KeystoneCredentials(authURL: stub.authURL, method: Self.password, renewBefore: .seconds(300)),
            httpClient: Self.http, retry: .none, now: { clock.value })
        let first = try await session.token()
        clock.withLock { $0 = $0.addingTimeInterval(3000) }  // 600 s left: keep
        #expect(try await session.token().value == first.value)
        clock.withLock { $0 = $0.addingTimeInterval(400) }  // 200 s left: renew
        let second = try await session.token()
        #expect(second.value != first.value)
        #expect(second.projectID == "proj-42")
        #expect(await session.fetchCount == 2)
    }
}
