import Foundation
import Synchronization

/// Keystone v3 and a Neutron endpoint behind it, answered by a `StubHTTPServer`:
/// `POST /v3/auth/tokens` issues `tok-1`, `tok-2`, … valid for `lifetime` seconds, with a
/// catalog listing Neutron at `/net-public` (RegionOne, public), `/net-internal` (RegionOne,
/// internal) and `/net-two` (RegionTwo, public). `GET /<endpoint>/v2.0/networks` answers 401
/// unless the token was issued and not revoked.
struct KeystoneStub: Sendable {
    let behaviour: Behaviour
    let server: StubHTTPServer

    static func start(lifetime: TimeInterval = 3600) async throws -> KeystoneStub {
        let behaviour = Behaviour(lifetime: lifetime)
        let server = try await StubHTTPServer { behaviour.respond($0) }
        return KeystoneStub(behaviour: behaviour, server: server)
    }

    var authURL: String { server.baseURL + "/v3" }
    var tokenRequests: [StubHTTPServer.Request] { server.requests.filter { $0.uri == "/v3/auth/tokens" } }
    var neutronRequests: [StubHTTPServer.Request] { server.requests.filter { $0.uri.contains("/v2.0/") } }

    func revoke(_ token: String) {
        behaviour.state.withLock { _ = $0.revoked.insert(token) }
    }
}

/// The stub's answers and the tokens it issued.
final class Behaviour: Sendable {
    struct State {
        var issued: [String] = []
        var revoked: Set<String> = []
        var acceptPassword = "secret"
    }

    let state = Mutex(State())
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    func respond(_ request: StubHTTPServer.Request) -> StubHTTPServer.Response {
        if request.method == "POST" && request.uri == "/v3/auth/tokens" {
            return issueToken(request)
        }
        guard request.uri.contains("/v2.0/networks") else { return .init(status: 404) }
        let token = request.headers["x-auth-token"] ?? ""
        let valid = state.withLock { $0.issued.contains(token) && !$0.revoked.contains(token) }
        guard valid else {
            return .json(401, ["error": ["code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"]])
        }
        return .json(200, ["networks": [["id": "n1", "name": "seen-with-\(token)"]], "networks_links": []])
    }

    private func issueToken(_ request: StubHTTPServer.Request) -> StubHTTPServer.Response {
        let identity = (request.json?["auth"] as? [String: Any])?["identity"] as? [String: Any]
        if let password = identity?["password"] as? [String: Any],
            let user = password["user"] as? [String: Any],
            user["password"] as? String != state.withLock({ $0.acceptPassword })
        {
            return .json(401, ["error": ["code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"]])
        }
        let token = state.withLock { state -> String in
            let token = "tok-\(state.issued.count + 1)"
            state.issued.append(token)
            return token
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let expires = formatter.string(from: Date().addingTimeInterval(lifetime))
        let host = "http://" + (request.headers["host"] ?? "127.0.0.1")
        let catalog: [[String: Any]] = [
            ["type": "identity", "endpoints": [["interface": "public", "region_id": "RegionOne", "url": host + "/v3"]]],
            ["type": "network", "endpoints": [
                ["interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": host + "/net-public"],
                ["interface": "internal", "region_id": "RegionOne", "region": "RegionOne", "url": host + "/net-internal/"],
                ["interface": "public", "region_id": "RegionTwo", "region": "RegionTwo", "url": host + "/net-two"],
            ]],
        ]
        return .json(
            201, ["token": ["expires_at": expires, "project": ["id": "proj-42"], "catalog": catalog]],
            headers: ["X-Subject-Token": token])
    }
}
