import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Turns one API call into HTTP: resolves endpoint and token, sends with retries, maps
/// non-2xx answers to `NeutronClientError`. A 401 with a Keystone token drops that token and
/// repeats the call once with a fresh one.
struct NeutronTransport: Sendable {
    enum Identity: Sendable {
        case noauth(apiBase: String, projectID: String)
        case keystone(KeystoneSession, NeutronConfiguration.EndpointChoice)
    }

    let identity: Identity
    let requester: RetryingRequester

    /// The project put into create bodies that have none (noauth only).
    var defaultProjectID: String? {
        if case .noauth(_, let projectID) = identity { return projectID }
        return nil
    }

    /// Sends the call and returns the body of its 2xx answer.
    /// - Parameters:
    ///   - path: below `/v2.0/`, e.g. `routers/ID/add_router_interface`.
    ///   - rawQuery: an already encoded query string (a `*_links` href's), instead of `query`.
    ///   - idempotent: defaults to true for every method but POST.
    func send(
        _ method: HTTPMethod, _ path: String, query: NeutronQuery = NeutronQuery(), rawQuery: String? = nil,
        body: Data? = nil, idempotent: Bool? = nil
    ) async throws -> Data {
        let queryString = rawQuery ?? query.encoded
        let target = "/v2.0/\(path)" + (queryString.isEmpty ? "" : "?\(queryString)")
        let label = "\(method.rawValue) \(target)"
        var retriedAfter401 = false
        while true {
            let (apiBase, token) = try await resolve()
            let url = apiBase + target.dropFirst("/v2.0".count)
            let response = try await requester.perform(
                label: label, idempotent: idempotent ?? (method != .POST)
            ) {
                var request = HTTPClientRequest(url: url)
                request.method = method
                request.headers.add(name: "Accept", value: "application/json")
                if let token { request.headers.add(name: "X-Auth-Token", value: token.value) }
                if let body {
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(ByteBuffer(data: body))
                }
                return request
            }
            if (200..<300).contains(response.status) { return response.body }
            if response.status == 401, let token, !retriedAfter401, case .keystone(let session, _) = identity {
                await session.rejected(token)
                retriedAfter401 = true
                continue
            }
            throw NeutronClientError.from(
                status: response.status, request: label,
                fault: NeutronFault.parse(status: response.status, body: response.body))
        }
    }

    private func resolve() async throws -> (apiBase: String, token: KeystoneToken?) {
        switch identity {
        case .noauth(let apiBase, _):
            return (apiBase, nil)
        case .keystone(let session, let choice):
            let token = try await session.token()
            switch choice {
            case .fixed(let url): return (Self.apiBase(url), token)
            case .catalog(let selector): return (Self.apiBase(try token.endpoint(for: selector)), token)
            }
        }
    }

    /// `http://host:9696`, `…/`, `…/v2.0` and `…/v2.0/` all become `http://host:9696/v2.0`.
    static func apiBase(_ endpoint: String) -> String {
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/v2.0") ? base : base + "/v2.0"
    }
}
