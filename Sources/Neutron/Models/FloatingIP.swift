/// A Neutron floating IP: an address of an external network, optionally mapped (1:1 NAT) to a
/// port's fixed IP. Associated ones appear in OVN NB as a `dnat_and_snat` NAT row.
public struct FloatingIP: NeutronResource {
    public static let singular = "floatingip"
    public static let plural = "floatingips"

    public var id: String
    public var floatingIPAddress: String
    public var floatingNetworkID: String
    public var routerID: String?
    public var portID: String?
    public var fixedIPAddress: String?
    public var status: String?
    public var projectID: String?
    public var tags: [String]?
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case id, status, tags, description
        case floatingIPAddress = "floating_ip_address"
        case floatingNetworkID = "floating_network_id"
        case routerID = "router_id"
        case portID = "port_id"
        case fixedIPAddress = "fixed_ip_address"
        case projectID = "project_id"
    }
}

/// The body of `POST /v2.0/floatingips`.
public struct FloatingIPCreate: ProjectScopedBody {
    public var floatingNetworkID: String
    /// A specific address (admin); Neutron answers 409 `IpAddressAlreadyAllocated` when taken.
    public var floatingIPAddress: String?
    public var subnetID: String?
    public var portID: String?
    public var fixedIPAddress: String?
    public var description: String?
    public var projectID: String?

    public init(
        floatingNetworkID: String, floatingIPAddress: String? = nil, subnetID: String? = nil,
        portID: String? = nil, fixedIPAddress: String? = nil, description: String? = nil,
        projectID: String? = nil
    ) {
        self.floatingNetworkID = floatingNetworkID
        self.floatingIPAddress = floatingIPAddress
        self.subnetID = subnetID
        self.portID = portID
        self.fixedIPAddress = fixedIPAddress
        self.description = description
        self.projectID = projectID
    }

    enum CodingKeys: String, CodingKey {
        case description
        case floatingNetworkID = "floating_network_id"
        case floatingIPAddress = "floating_ip_address"
        case subnetID = "subnet_id"
        case portID = "port_id"
        case fixedIPAddress = "fixed_ip_address"
        case projectID = "project_id"
    }
}

/// The body of `PUT /v2.0/floatingips/{id}`: associate to a port, or disassociate (`port_id: null`).
public struct FloatingIPUpdate: Encodable, Sendable {
    public var portID: String?
    public var fixedIPAddress: String?
    public var description: String?

    /// Maps the floating IP to `portID` (and one of its fixed IPs, if it has several).
    public static func associate(portID: String, fixedIPAddress: String? = nil) -> FloatingIPUpdate {
        FloatingIPUpdate(portID: portID, fixedIPAddress: fixedIPAddress)
    }

    /// Removes the mapping; the address stays allocated.
    public static let disassociate = FloatingIPUpdate(portID: nil)

    public init(portID: String?, fixedIPAddress: String? = nil, description: String? = nil) {
        self.portID = portID
        self.fixedIPAddress = fixedIPAddress
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case description
        case portID = "port_id"
        case fixedIPAddress = "fixed_ip_address"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(portID, forKey: .portID)  // explicit null disassociates
        try c.encodeIfPresent(fixedIPAddress, forKey: .fixedIPAddress)
        try c.encodeIfPresent(description, forKey: .description)
    }
}

/// Typed filters for listing floating IPs.
public struct FloatingIPFilter: Sendable, Equatable {
    public var floatingNetworkID: String?
    public var projectID: String?
    public var portID: String?
    public var routerID: String?
    public var floatingIPAddress: String?
    /// All of these tags.
    public var tags: [String]

    public init(
        floatingNetworkID: String? = nil, projectID: String? = nil, portID: String? = nil,
        routerID: String? = nil, floatingIPAddress: String? = nil, tags: [String] = []
    ) {
        self.floatingNetworkID = floatingNetworkID
        self.projectID = projectID
        self.portID = portID
        self.routerID = routerID
        self.floatingIPAddress = floatingIPAddress
        self.tags = tags
    }

    public var query: NeutronQuery {
        var q = NeutronQuery()
        if let floatingNetworkID { q = q.filter("floating_network_id", floatingNetworkID) }
        if let projectID { q = q.filter("project_id", projectID) }
        if let portID { q = q.filter("port_id", portID) }
        if let routerID { q = q.filter("router_id", routerID) }
        if let floatingIPAddress { q = q.filter("floating_ip_address", floatingIPAddress) }
        return q.tags(tags)
    }
}
