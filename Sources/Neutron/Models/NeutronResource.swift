/// A Neutron object type: its JSON envelope keys and collection path.
public protocol NeutronResource: Codable, Sendable, Equatable {
    /// `network` in `{"network": {…}}`.
    static var singular: String { get }
    /// `networks` in `{"networks": […], "networks_links": […]}` and in `/v2.0/networks`.
    static var plural: String { get }
    var id: String { get }
}

/// A create or update body that may carry the project (noauth Neutron requires it).
public protocol ProjectScopedBody: Encodable, Sendable {
    var projectID: String? { get set }
}

/// An IP address on a subnet, as in a port's `fixed_ips`.
public struct FixedIP: Codable, Sendable, Equatable {
    public var subnetID: String?
    public var ipAddress: String?

    public init(subnetID: String? = nil, ipAddress: String? = nil) {
        self.subnetID = subnetID
        self.ipAddress = ipAddress
    }

    enum CodingKeys: String, CodingKey {
        case subnetID = "subnet_id"
        case ipAddress = "ip_address"
    }
}
