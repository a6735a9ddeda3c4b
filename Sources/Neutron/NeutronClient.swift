import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// A client of the Neutron v2.0 REST API (networks, subnets, routers, ports, floating IPs).
///
/// ```swift
/// let http = NeutronClient.makeHTTPClient()
/// let neutron = NeutronClient(
///     configuration: .init(authentication: .noauth(endpoint: "http://127.0.0.1:9696", projectID: "demo")),
///     httpClient: http)
/// let external = try await neutron.networks(NeutronQuery().filter("router:external", "true"))
/// try await http.shutdown()
/// ```
/// The caller owns `httpClient` and shuts it down. Errors are `NeutronClientError`.
public struct NeutronClient: Sendable {
    public let configuration: NeutronConfiguration

    /// An `HTTPClient` set up for this client: AsyncHTTPClient's own retrying of failed connection
    /// attempts is off, so a refused connection fails at once as "not sent" and our retry policy
    /// (which knows what is safe to repeat) decides — instead of it surfacing, at the deadline,
    /// as a timeout that may have reached the server.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
    let transport: NeutronTransport

    public init(configuration: NeutronConfiguration, httpClient: HTTPClient) {
        self.configuration = configuration
        let requester = RetryingRequester(
            http: httpClient, retry: configuration.retry, timeout: configuration.requestTimeout)
        switch configuration.authentication {
        case .noauth(let endpoint, let projectID):
            transport = NeutronTransport(
                identity: .noauth(apiBase: NeutronTransport.apiBase(endpoint), projectID: projectID),
                requester: requester)
        case .keystone(let credentials, let endpoint):
            let session = KeystoneSession(
                credentials: credentials, httpClient: httpClient, retry: configuration.retry,
                timeout: configuration.requestTimeout)
            transport = NeutronTransport(identity: .keystone(session, endpoint), requester: requester)
        }
    }

    /// The Keystone session, to share or inspect (nil in noauth mode).
    public var keystoneSession: KeystoneSession? {
        if case .keystone(let session, _) = transport.identity { return session }
        return nil
    }

    // MARK: Generic operations, used by the typed ones in the extensions.

    /// Every object matching `query`, following pagination (`limit`, then the `next` links).
    public func list<R: NeutronResource>(_ type: R.Type, query: NeutronQuery = NeutronQuery()) async throws -> [R] {
        let pageSize = max(1, configuration.pageSize)
        let first = query.filter("limit", String(pageSize)).encoded
        var rawQuery = first
        var all: [R] = []
        var seen: Set<String> = []
        while true {
            let data = try await transport.send(.GET, R.plural, rawQuery: rawQuery)
            let page: Page<R> = try decode(data, request: "GET /v2.0/\(R.plural)")
            all += page.items
            seen.insert(rawQuery)
            // Neutron offers a `next` link even on the last page; a short page ends the list.
            guard page.items.count >= pageSize, let next = page.nextQuery, !seen.contains(next) else {
                return all
            }
            rawQuery = next
        }
    }

    /// One object by id (`.notFound` when it does not exist).
    public func get<R: NeutronResource>(_ type: R.Type, id: String) async throws -> R {
        let data = try await transport.send(.GET, "\(R.plural)/\(percentEncode(id))")
        return try decode(data, request: "GET /v2.0/\(R.plural)/\(id)", as: Envelope<R>.self).value
    }

    /// Creates an object; a body without project gets the noauth project id.
    ///
    /// Not retried once the request may have reached Neutron (see `RetryPolicy`).
    public func create<R: NeutronResource, Body: ProjectScopedBody>(_ type: R.Type, _ body: Body) async throws -> R {
        var body = body
        if body.projectID == nil { body.projectID = transport.defaultProjectID }
        let data = try await transport.send(
            .POST, R.plural, body: try encode(RequestEnvelope(key: R.singular, body: body)))
        return try decode(data, request: "POST /v2.0/\(R.plural)", as: Envelope<R>.self).value
    }

    /// Updates an object with `PUT` (only the fields the body encodes change).
    public func update<R: NeutronResource, Body: Encodable & Sendable>(
        _ type: R.Type, id: String, _ body: Body
    ) async throws -> R {
        let data = try await transport.send(
            .PUT, "\(R.plural)/\(percentEncode(id))", body: try encode(RequestEnvelope(key: R.singular, body: body)))
        return try decode(data, request: "PUT /v2.0/\(R.plural)/\(id)", as: Envelope<R>.self).value
    }

    /// Deletes an object (`.notFound` when it is already gone).
    public func delete<R: NeutronResource>(_ type: R.Type, id: String) async throws {
        _ = try await transport.send(.DELETE, "\(R.plural)/\(percentEncode(id))")
    }

    // MARK: Tags (the `standard-attr-tag` extension), for any resource.

    /// Adds one tag (no change when present).
    public func addTag<R: NeutronResource>(_ type: R.Type, id: String, tag: String) async throws {
        _ = try await transport.send(.PUT, "\(R.plural)/\(percentEncode(id))/tags/\(percentEncode(tag))")
    }

    /// Removes one tag (`.notFound` when absent).
    public func removeTag<R: NeutronResource>(_ type: R.Type, id: String, tag: String) async throws {
        _ = try await transport.send(.DELETE, "\(R.plural)/\(percentEncode(id))/tags/\(percentEncode(tag))")
    }

    /// Replaces all tags; returns the tags Neutron stored.
    @discardableResult
    public func setTags<R: NeutronResource>(_ type: R.Type, id: String, tags: [String]) async throws -> [String] {
        let data = try await transport.send(
            .PUT, "\(R.plural)/\(percentEncode(id))/tags", body: try encode(TagList(tags: tags)))
        return try decode(data, request: "PUT /v2.0/\(R.plural)/\(id)/tags", as: TagList.self).tags
    }

    // MARK: Coding

    func encode(_ value: some Encodable) throws -> Data {
        try JSONEncoder().encode(value)
    }

    func decode<T: Decodable>(_ data: Data, request: String, as type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw NeutronClientError.invalidResponse(request: request, reason: "\(error)")
        }
    }
}
