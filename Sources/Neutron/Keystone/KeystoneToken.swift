import Foundation

/// A Keystone v3 token with its expiry and service catalog.
public struct KeystoneToken: Sendable, Equatable {
    /// The `X-Subject-Token` value, sent as `X-Auth-Token`.
    public var value: String
    public var expiresAt: Date
    public var projectID: String?
    public var catalog: [CatalogEntry]

    public init(value: String, expiresAt: Date, projectID: String?, catalog: [CatalogEntry]) {
        self.value = value
        self.expiresAt = expiresAt
        self.projectID = projectID
        self.catalog = catalog
    }

    /// One service of the catalog.
    public struct CatalogEntry: Sendable, Equatable, Decodable {
        public var type: String
        public var endpoints: [Endpoint]
    }

    /// One endpoint of a catalog service.
    public struct Endpoint: Sendable, Equatable, Decodable {
        public var interface: String
        public var url: String
        public var regionID: String?

        enum CodingKeys: String, CodingKey {
            case interface, url, region
            case regionID = "region_id"
        }

        public init(interface: String, url: String, regionID: String?) {
            self.interface = interface
            self.url = url
            self.regionID = regionID
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            interface = try c.decode(String.self, forKey: .interface)
            url = try c.decode(String.self, forKey: .url)
            // Keystone sends both; `region` is the older spelling.
            regionID = try c.decodeIfPresent(String.self, forKey: .regionID)
                ?? c.decodeIfPresent(String.self, forKey: .region)
        }
    }

    /// The URL of the endpoint the selector names, or `.noEndpoint` listing what exists.
    public func endpoint(for selector: EndpointSelector) throws(NeutronClientError) -> String {
        var interface = selector.interface
        if interface.hasSuffix("URL") { interface.removeLast(3) }  // OS_INTERFACE=publicURL
        let services = catalog.filter { $0.type == selector.serviceType }
        for service in services {
            for endpoint in service.endpoints where endpoint.interface == interface {
                if selector.region == nil || endpoint.regionID == selector.region {
                    return endpoint.url
                }
            }
        }
        let available = services.flatMap { s in
            s.endpoints.map { "\($0.interface)@\($0.regionID ?? "-")" }
        }
        throw .noEndpoint(
            serviceType: selector.serviceType, interface: interface, region: selector.region,
            available: available)
    }

    /// Reads Keystone's `POST /v3/auth/tokens` answer (the token itself is in a header).
    static func parse(subjectToken: String, body: Data) throws -> KeystoneToken {
        struct Response: Decodable {
            struct Token: Decodable {
                struct Project: Decodable { var id: String }
                var expires_at: String
                var project: Project?
                var catalog: [CatalogEntry]?
            }
            var token: Token
        }
        let response = try JSONDecoder().decode(Response.self, from: body)
        guard let expiry = parseKeystoneDate(response.token.expires_at) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "expires_at \"\(response.token.expires_at)\" is not ISO 8601"))
        }
        return KeystoneToken(
            value: subjectToken, expiresAt: expiry, projectID: response.token.project?.id,
            catalog: response.token.catalog ?? [])
    }
}

/// Keystone writes `2015-11-09T01:42:57.527363Z` (microseconds) or `…:57Z`, or `…:57.000000+00:00`.
func parseKeystoneDate(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
}
