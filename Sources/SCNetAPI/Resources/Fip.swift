/// `neutron.io/v1` Fip (CRD `fips.neutron.io`): one Neutron floating IP of the container pool
/// (SPEC S10). Cluster-scoped; the controller creates, claims and recycles them.
public struct Fip: SpecStatusResource {
    public static var emptySpec: FipSpec { FipSpec() }
    public static let apiVersion = "neutron.io/v1"
    public static let kind = "Fip"
    public static let plural = "fips"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: FipSpec
    public var status: FipStatus?
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta, spec: FipSpec, status: FipStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// What Neutron says a floating IP is.
public struct FipSpec: Hashable, Sendable, Codable {
    public var address: String?
    public var floatingIPID: String?
    public var externalNetworkID: String?
    public var projectID: String?
    public var unknownFields: [String: JSONValue] = [:]

    public init(address: String? = nil, floatingIPID: String? = nil, externalNetworkID: String? = nil, projectID: String? = nil) {
        self.address = address
        self.floatingIPID = floatingIPID
        self.externalNetworkID = externalNetworkID
        self.projectID = projectID
    }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        address = try f("address")
        floatingIPID = try f("floatingIPID")
        externalNetworkID = try f("externalNetworkID")
        projectID = try f("projectID")
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("address", address)
        try f("floatingIPID", floatingIPID)
        try f("externalNetworkID", externalNetworkID)
        try f("projectID", projectID)
        try f.unknown(unknownFields)
    }
}

/// Who uses a floating IP.
public struct FipStatus: Hashable, Sendable, Codable {
    /// `Available` or `InUse`.
    public var phase: String?
    public var usedBy: FipUser?
    /// `snat` (a pod's egress) or `eip` (a VM's elastic IP).
    public var usage: String?
    public var conditions: [Condition]
    public var unknownFields: [String: JSONValue] = [:]

    public static let available = "Available"
    public static let inUse = "InUse"

    public init(phase: String? = nil, usedBy: FipUser? = nil, usage: String? = nil) {
        self.phase = phase
        self.usedBy = usedBy
        self.usage = usage
        conditions = []
    }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        phase = try f("phase")
        usedBy = try f("usedBy")
        usage = try f("usage")
        conditions = try f("conditions", default: [])
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("phase", phase)
        try f("usedBy", usedBy)
        try f("usage", usage)
        try f.nonEmpty("conditions", conditions)
        try f.unknown(unknownFields)
    }
}

/// The object using a floating IP: a Pod (snat) or a VirtualMachine (eip).
public struct FipUser: Hashable, Sendable, Codable, CustomStringConvertible {
    public var kind: String
    public var namespace: String?
    public var name: String

    public init(kind: String, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    public var description: String { namespace.map { "\(kind)/\($0)/\(name)" } ?? "\(kind)/\(name)" }
}
