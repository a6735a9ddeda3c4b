/// A Neutron port: a MAC and fixed IPs on a network, owned by a device (VM, router …).
public struct Port: NeutronResource {
    public static let singular = "port"
    public static let plural = "ports"

    public var id: String
    public var name: String
    public var networkID: String
    public var macAddress: String?
    public var fixedIPs: [FixedIP]
    public var deviceID: String?
    public var deviceOwner: String?
    public var status: String?
    public var projectID: String?
    public var adminStateUp: Bool?
    public var tags: [String]?

    enum CodingKeys: String, CodingKey {
        case id, name, status, tags
        case networkID = "network_id"
        case macAddress = "mac_address"
        case fixedIPs = "fixed_ips"
        case deviceID = "device_id"
        case deviceOwner = "device_owner"
        case projectID = "project_id"
        case adminStateUp = "admin_state_up"
    }
}

/// The body of `POST /v2.0/ports`.
public struct PortCreate: ProjectScopedBody {
    public var networkID: String
    public var name: String?
    public var fixedIPs: [FixedIP]?
    public var macAddress: String?
    public var deviceID: String?
    public var deviceOwner: String?
    public var projectID: String?
    /// `false`: no port security and no security groups (a port for a plain host or appliance).
    public var portSecurityEnabled: Bool?

    public init(
        networkID: String, name: String? = nil, fixedIPs: [FixedIP]? = nil, macAddress: String? = nil,
        deviceID: String? = nil, deviceOwner: String? = nil, projectID: String? = nil, portSecurityEnabled: Bool? = nil
    ) {
        self.portSecurityEnabled = portSecurityEnabled
        self.networkID = networkID
        self.name = name
        self.fixedIPs = fixedIPs
        self.macAddress = macAddress
        self.deviceID = deviceID
        self.deviceOwner = deviceOwner
        self.projectID = projectID
    }

    enum CodingKeys: String, CodingKey {
        case name
        case networkID = "network_id"
        case fixedIPs = "fixed_ips"
        case macAddress = "mac_address"
        case deviceID = "device_id"
        case deviceOwner = "device_owner"
        case projectID = "project_id"
        case portSecurityEnabled = "port_security_enabled"
    }
}
