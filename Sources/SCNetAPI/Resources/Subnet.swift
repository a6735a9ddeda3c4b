/// `kubeovn.io/v1` Subnet: one logical switch attached to its VPC's router. Cluster-scoped.
public struct Subnet: SpecStatusResource {
    public static var emptySpec: SubnetSpec { SubnetSpec() }
    public static let apiVersion = "kubeovn.io/v1"
    public static let kind = "Subnet"
    public static let plural = "subnets"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: SubnetSpec
    public var status: SubnetStatus?
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta, spec: SubnetSpec, status: SubnetStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a ``Subnet`` (SPEC S6, S13, S14; Kube-OVN fields of X1).
public struct SubnetSpec: Hashable, Sendable, Codable {
    /// The VPC; absent means the default VPC `ovn-cluster`.
    public var vpc: String?
    /// `a` or, for dual stack, `v4,v6`.
    public var cidrBlock: String?
    /// `IPv4`, `IPv6` or `Dual`; derived from ``cidrBlock`` when absent.
    public var `protocol`: String?
    /// Default: the first usable address of each block.
    public var gateway: String?
    /// `a` or `a..b` entries kept out of automatic allocation; the gateway is always excluded.
    public var excludeIps: [String]
    public var `default`: Bool?
    public var namespaces: [String]
    public var provider: String?
    public var gatewayType: String?
    public var gatewayNode: String?
    public var natOutgoing: Bool?
    public var `private`: Bool?
    public var allowSubnets: [String]
    /// OpenStack projects allowed to use the subnet; empty means shared (SPEC S13).
    public var projectIDs: [String]
    // Underlay fields: refused (SPEC S2).
    public var vlan: String?
    public var logicalGateway: Bool?
    public var u2oInterconnection: Bool?
    public var u2oInterconnectionIP: String?
    public var unknownFields: [String: JSONValue] = [:]

    public init(vpc: String? = nil, cidrBlock: String? = nil, natOutgoing: Bool? = nil, projectIDs: [String] = []) {
        self.vpc = vpc
        self.cidrBlock = cidrBlock
        self.natOutgoing = natOutgoing
        self.projectIDs = projectIDs
        excludeIps = []
        namespaces = []
        allowSubnets = []
    }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        vpc = try f("vpc")
        cidrBlock = try f("cidrBlock")
        `protocol` = try f("protocol")
        gateway = try f("gateway")
        excludeIps = try f("excludeIps", default: [])
        `default` = try f("default")
        namespaces = try f("namespaces", default: [])
        provider = try f("provider")
        gatewayType = try f("gatewayType")
        gatewayNode = try f("gatewayNode")
        natOutgoing = try f("natOutgoing")
        `private` = try f("private")
        allowSubnets = try f("allowSubnets", default: [])
        projectIDs = try f("projectIDs", default: [])
        vlan = try f("vlan")
        logicalGateway = try f("logicalGateway")
        u2oInterconnection = try f("u2oInterconnection")
        u2oInterconnectionIP = try f("u2oInterconnectionIP")
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("vpc", vpc)
        try f("cidrBlock", cidrBlock)
        try f("protocol", `protocol`)
        try f("gateway", gateway)
        try f.nonEmpty("excludeIps", excludeIps)
        try f("default", `default`)
        try f.nonEmpty("namespaces", namespaces)
        try f("provider", provider)
        try f("gatewayType", gatewayType)
        try f("gatewayNode", gatewayNode)
        try f("natOutgoing", natOutgoing)
        try f("private", `private`)
        try f.nonEmpty("allowSubnets", allowSubnets)
        try f.nonEmpty("projectIDs", projectIDs)
        try f("vlan", vlan)
        try f("logicalGateway", logicalGateway)
        try f("u2oInterconnection", u2oInterconnection)
        try f("u2oInterconnectionIP", u2oInterconnectionIP)
        try f.unknown(unknownFields)
    }
}

/// The observed state of a ``Subnet``: address counts (Kube-OVN's JSON names) and conditions.
public struct SubnetStatus: Hashable, Sendable, Codable {
    public var v4AvailableIPs: Double?
    public var v4UsingIPs: Double?
    public var v6AvailableIPs: Double?
    public var v6UsingIPs: Double?
    public var conditions: [Condition]
    public var unknownFields: [String: JSONValue] = [:]

    public init() { conditions = [] }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        v4AvailableIPs = try f("v4availableIPs")
        v4UsingIPs = try f("v4usingIPs")
        v6AvailableIPs = try f("v6availableIPs")
        v6UsingIPs = try f("v6usingIPs")
        conditions = try f("conditions", default: [])
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("v4availableIPs", v4AvailableIPs)
        try f("v4usingIPs", v4UsingIPs)
        try f("v6availableIPs", v6AvailableIPs)
        try f("v6usingIPs", v6UsingIPs)
        try f.nonEmpty("conditions", conditions)
        try f.unknown(unknownFields)
    }
}
