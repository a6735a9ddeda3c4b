/// A Neutron network; `routerExternal` marks the ones floating IPs and router gateways come from.
public struct Network: NeutronResource {
    public static let singular = "network"
    public static let plural = "networks"

    public var id: String
    public var name: String
    public var status: String?
    public var projectID: String?
    public var adminStateUp: Bool?
    public var shared: Bool?
    /// `router:external`.
    public var routerExternal: Bool?
    public var subnets: [String]?
    public var mtu: Int?
    public var providerNetworkType: String?
    public var providerPhysicalNetwork: String?
    public var providerSegmentationID: Int?
    public var tags: [String]?
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case id, name, status, shared, subnets, mtu, tags, description
        case projectID = "project_id"
        case adminStateUp = "admin_state_up"
        case routerExternal = "router:external"
        case providerNetworkType = "provider:network_type"
        case providerPhysicalNetwork = "provider:physical_network"
        case providerSegmentationID = "provider:segmentation_id"
    }
}

/// The body of `POST /v2.0/networks`; nil fields are left to Neutron's defaults.
public struct NetworkCreate: ProjectScopedBody {
    public var name: String
    public var projectID: String?
    public var routerExternal: Bool?
    public var shared: Bool?
    public var adminStateUp: Bool?
    /// `flat`, `geneve`, `vlan` … (admin only).
    public var providerNetworkType: String?
    public var providerPhysicalNetwork: String?
    public var description: String?

    public init(
        name: String, projectID: String? = nil, routerExternal: Bool? = nil, shared: Bool? = nil,
        adminStateUp: Bool? = nil, providerNetworkType: String? = nil,
        providerPhysicalNetwork: String? = nil, description: String? = nil
    ) {
        self.name = name
        self.projectID = projectID
        self.routerExternal = routerExternal
        self.shared = shared
        self.adminStateUp = adminStateUp
        self.providerNetworkType = providerNetworkType
        self.providerPhysicalNetwork = providerPhysicalNetwork
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case name, shared, description
        case projectID = "project_id"
        case routerExternal = "router:external"
        case adminStateUp = "admin_state_up"
        case providerNetworkType = "provider:network_type"
        case providerPhysicalNetwork = "provider:physical_network"
    }
}
