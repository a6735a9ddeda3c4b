/// A Neutron router. With ML2/OVN it is the OVN logical router `neutron-<id>`; a VPC is one.
public struct Router: NeutronResource {
    public static let singular = "router"
    public static let plural = "routers"

    public var id: String
    public var name: String
    public var status: String?
    public var projectID: String?
    public var adminStateUp: Bool?
    public var externalGatewayInfo: ExternalGatewayInfo?
    public var routes: [Route]?
    public var tags: [String]?
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case id, name, status, routes, tags, description
        case projectID = "project_id"
        case adminStateUp = "admin_state_up"
        case externalGatewayInfo = "external_gateway_info"
    }
}

/// A router's gateway on an external network, and the addresses it got there.
public struct ExternalGatewayInfo: Codable, Sendable, Equatable {
    public var networkID: String
    public var enableSNAT: Bool?
    public var externalFixedIPs: [FixedIP]?

    public init(networkID: String, enableSNAT: Bool? = nil, externalFixedIPs: [FixedIP]? = nil) {
        self.networkID = networkID
        self.enableSNAT = enableSNAT
        self.externalFixedIPs = externalFixedIPs
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "network_id"
        case enableSNAT = "enable_snat"
        case externalFixedIPs = "external_fixed_ips"
    }
}

/// A static route of a router.
public struct Route: Codable, Sendable, Equatable {
    public var destination: String
    public var nexthop: String
}

/// The body of `POST /v2.0/routers`.
public struct RouterCreate: ProjectScopedBody {
    public var name: String
    public var projectID: String?
    public var externalGatewayInfo: ExternalGatewayInfo?
    public var adminStateUp: Bool?
    public var description: String?

    public init(
        name: String, projectID: String? = nil, externalGatewayInfo: ExternalGatewayInfo? = nil,
        adminStateUp: Bool? = nil, description: String? = nil
    ) {
        self.name = name
        self.projectID = projectID
        self.externalGatewayInfo = externalGatewayInfo
        self.adminStateUp = adminStateUp
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case name, description
        case projectID = "project_id"
        case externalGatewayInfo = "external_gateway_info"
        case adminStateUp = "admin_state_up"
    }
}

/// What `add_router_interface` / `remove_router_interface` answer.
public struct RouterInterface: Codable, Sendable, Equatable {
    public var id: String
    public var subnetID: String
    public var portID: String
    public var networkID: String?

    enum CodingKeys: String, CodingKey {
        case id
        case subnetID = "subnet_id"
        case portID = "port_id"
        case networkID = "network_id"
    }
}
