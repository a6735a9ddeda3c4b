import AsyncHTTPClient
import Foundation
import Neutron
import Testing

/// Pagination over a stub that pages like Neutron does (including a `next` link on the last page).
@Suite("Pagination")
struct PaginationTests {
    @Test("list follows the next links' markers on our endpoint and stops at a short page")
    func followsNextLinks() async throws {
        let all = ["n1", "n2", "n3", "n4", "n5"]
        let server = try await StubHTTPServer { request in
            let marker = request.uri.components(separatedBy: "marker=").dropFirst().first
                .map { String($0.prefix { $0 != "&" }) }
            let start = marker.flatMap { all.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            let page = Array(all[start..<min(start + 2, all.count)])
            // Neutron writes its own idea of its URL into the links, not necessarily ours.
            let next = "http://neutron.example:9696/v2.0/networks?limit=2&marker=\(page.last ?? "")"
            return .json(200, [
                "networks": page.map { ["id": $0, "name": $0] },
                "networks_links": [["rel": "next", "href": next]],
            ])
        }
        defer { Task { try? await server.close() } }
        let client = NeutronClient(
            configuration: NeutronConfiguration(
                authentication: .noauth(endpoint: server.baseURL, projectID: "p"), pageSize: 2),
            httpClient: KeystoneAuthTests.http)
        let networks = try await client.networks(NeutronQuery().filter("name", "x"))
        #expect(networks.map(\.id) == all)
        #expect(server.requests.map(\.uri) == [
            "/v2.0/networks?name=x&limit=2",
            "/v2.0/networks?limit=2&marker=n2",
            "/v2.0/networks?limit=2&marker=n4",
        ])
    }
}
