/// A Neutron subnet: a CIDR on a network with its allocation pools.
public struct Subnet: NeutronResource {
    public static let singular = "subnet"
    public static let plural = "subnets"

    public var id: String
    public var name: String
    public var networkID: String
    public var cidr: String
    public var ipVersion: Int
    public var gatewayIP: String?
    public var allocationPools: [AllocationPool]?
    public var enableDHCP: Bool?
    public var projectID: String?
    public var tags: [String]?

    enum CodingKeys: String, CodingKey {
        case id, name, cidr, tags
        case networkID = "network_id"
        case ipVersion = "ip_version"
        case gatewayIP = "gateway_ip"
        case allocationPools = "allocation_pools"
        case enableDHCP = "enable_dhcp"
        case projectID = "project_id"
    }
}

/// An inclusive address range of a subnet that Neutron allocates from.
public struct AllocationPool: Codable, Sendable, Equatable {
    public var start: String
    public var end: String

    public init(start: String, end: String) {
        self.start = start
        self.end = end
    }
}

/// The body of `POST /v2.0/subnets`.
public struct SubnetCreate: ProjectScopedBody {
    public var networkID: String
    public var cidr: String
    public var ipVersion: Int
    public var name: String?
    public var gatewayIP: String?
    public var allocationPools: [AllocationPool]?
    public var enableDHCP: Bool?
    public var projectID: String?

    public init(
        networkID: String, cidr: String, ipVersion: Int = 4, name: String? = nil,
        gatewayIP: String? = nil, allocationPools: [AllocationPool]? = nil,
        enableDHCP: Bool? = nil, projectID: String? = nil
    ) {
        self.networkID = networkID
        self.cidr = cidr
        self.ipVersion = ipVersion
        self.name = name
        self.gatewayIP = gatewayIP
        self.allocationPools = allocationPools
        self.enableDHCP = enableDHCP
        self.projectID = projectID
    }

    enum CodingKeys: String, CodingKey {
        case cidr, name
        case networkID = "network_id"
        case ipVersion = "ip_version"
        case gatewayIP = "gateway_ip"
        case allocationPools = "allocation_pools"
        case enableDHCP = "enable_dhcp"
        case projectID = "project_id"
    }
}
