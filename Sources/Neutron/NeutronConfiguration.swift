/// How a `NeutronClient` reaches and authenticates to Neutron.
///
/// ```swift
/// // A noauth server (the sandbox): every create carries this project id in its body.
/// let config = NeutronConfiguration(authentication: .noauth(endpoint: "http://127.0.0.1:9696", projectID: "demo"))
/// // Keystone: the endpoint comes from the token's catalog.
/// let config = NeutronConfiguration(authentication: .keystone(credentials, endpoint: .catalog(.init(region: "RegionOne"))))
/// ```
public struct NeutronConfiguration: Sendable {
    /// Where requests go and which identity they carry.
    public enum Authentication: Sendable {
        /// Neutron with `auth_strategy = noauth`. It ignores `X-Project-Id`, so the client puts
        /// `project_id` into every create body that has none.
        case noauth(endpoint: String, projectID: String)
        /// A Keystone v3 token, fetched with the credentials and renewed before it expires.
        case keystone(KeystoneCredentials, endpoint: EndpointChoice)
    }

    /// Which Neutron endpoint to use with Keystone.
    public enum EndpointChoice: Sendable {
        /// Looked up in the token's service catalog.
        case catalog(EndpointSelector)
        /// A fixed URL (the catalog is ignored).
        case fixed(String)
    }

    public var authentication: Authentication
    /// Retries on 5xx answers and connection failures.
    public var retry: RetryPolicy
    /// Limit for one attempt, from sending the request to the end of the response body.
    public var requestTimeout: Duration
    /// Page size for list calls; the client follows `*_links` `next` until a short page.
    public var pageSize: Int

    public init(
        authentication: Authentication,
        retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(30),
        pageSize: Int = 500
    ) {
        self.authentication = authentication
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.pageSize = pageSize
    }
}

/// Selects one endpoint from a Keystone catalog.
public struct EndpointSelector: Sendable, Equatable {
    /// Catalog service type; Neutron's is `network`.
    public var serviceType: String
    /// `public`, `internal` or `admin` (also accepted with a `URL` suffix, as `OS_INTERFACE` allows).
    public var interface: String
    /// Region id; nil accepts the first endpoint of any region.
    public var region: String?

    public init(serviceType: String = "network", interface: String = "public", region: String? = nil) {
        self.serviceType = serviceType
        self.interface = interface
        self.region = region
    }
}
