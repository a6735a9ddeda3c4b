/// `kubeovn.io/v1` Vpc: a VPC backed by a Neutron router (SPEC S3, S4, S7, S9). Cluster-scoped.
public struct Vpc: SpecStatusResource {
    public static var emptySpec: VpcSpec { VpcSpec() }
    public static let apiVersion = "kubeovn.io/v1"
    public static let kind = "Vpc"
    public static let plural = "vpcs"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: VpcSpec
    public var status: VpcStatus?
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta, spec: VpcSpec, status: VpcStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The desired state of a ``Vpc``.
public struct VpcSpec: Hashable, Sendable, Codable {
    /// UUID of the Neutron router backing the VPC (required).
    public var neutronRouter: String?
    /// UUID of the external network the router's gateway is on (required).
    public var externalNetworkID: String?
    /// Informative name of the external network.
    public var externalNetworkName: String?
    /// Default SNAT address for the VPC's pods going out (optional; else the router's gateway address).
    public var externalGatewayIp: String?
    /// Node (chassis) hosting the centralized gateway; default: the network node.
    public var gatewayNode: String?
    /// Only `centralized` is supported (SPEC S4).
    public var gatewayType: String?
    /// Namespaces whose workloads use this VPC by default (Kube-OVN).
    public var namespaces: [String]
    /// The subnet pods of this VPC get when they name none (Kube-OVN).
    public var defaultSubnet: String?
    // Kube-OVN fields for a VPC gateway of its own; refused here (the Neutron router is the gateway).
    public var enableExternal: Bool?
    public var extraExternalSubnets: [String]
    public var staticRoutes: [JSONValue]
    public var policyRoutes: [JSONValue]
    public var vpcPeerings: [JSONValue]
    public var unknownFields: [String: JSONValue] = [:]

    public init(
        neutronRouter: String? = nil, externalNetworkID: String? = nil, externalGatewayIp: String? = nil,
        gatewayNode: String? = nil
    ) {
        self.neutronRouter = neutronRouter
        self.externalNetworkID = externalNetworkID
        self.externalGatewayIp = externalGatewayIp
        self.gatewayNode = gatewayNode
        namespaces = []
        extraExternalSubnets = []
        staticRoutes = []
        policyRoutes = []
        vpcPeerings = []
    }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        neutronRouter = try f("neutronRouter")
        externalNetworkID = try f("externalNetworkID")
        externalNetworkName = try f("externalNetworkName")
        externalGatewayIp = try f("externalGatewayIp")
        gatewayNode = try f("gatewayNode")
        gatewayType = try f("gatewayType")
        namespaces = try f("namespaces", default: [])
        defaultSubnet = try f("defaultSubnet")
        enableExternal = try f("enableExternal")
        extraExternalSubnets = try f("extraExternalSubnets", default: [])
        staticRoutes = try f("staticRoutes", default: [])
        policyRoutes = try f("policyRoutes", default: [])
        vpcPeerings = try f("vpcPeerings", default: [])
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("neutronRouter", neutronRouter)
        try f("externalNetworkID", externalNetworkID)
        try f("externalNetworkName", externalNetworkName)
        try f("externalGatewayIp", externalGatewayIp)
        try f("gatewayNode", gatewayNode)
        try f("gatewayType", gatewayType)
        try f.nonEmpty("namespaces", namespaces)
        try f("defaultSubnet", defaultSubnet)
        try f("enableExternal", enableExternal)
        try f.nonEmpty("extraExternalSubnets", extraExternalSubnets)
        try f.nonEmpty("staticRoutes", staticRoutes)
        try f.nonEmpty("policyRoutes", policyRoutes)
        try f.nonEmpty("vpcPeerings", vpcPeerings)
        try f.unknown(unknownFields)
    }
}

/// The observed state of a ``Vpc``, as Kube-OVN reports it plus conditions with reasons.
public struct VpcStatus: Hashable, Sendable, Codable {
    /// The OVN logical router: `neutron-<router uuid>`.
    public var router: String?
    public var defaultLogicalSwitch: String?
    /// The router's address on the `join` switch: nodes route the VPC's subnets through it (S5).
    public var joinAddress: String?
    public var subnets: [String]
    public var standby: Bool?
    public var `default`: Bool?
    public var conditions: [Condition]
    public var unknownFields: [String: JSONValue] = [:]

    public init() {
        subnets = []
        conditions = []
    }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        router = try f("router")
        defaultLogicalSwitch = try f("defaultLogicalSwitch")
        joinAddress = try f("joinAddress")
        subnets = try f("subnets", default: [])
        standby = try f("standby")
        `default` = try f("default")
        conditions = try f("conditions", default: [])
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("router", router)
        try f("defaultLogicalSwitch", defaultLogicalSwitch)
        try f("joinAddress", joinAddress)
        try f.nonEmpty("subnets", subnets)
        try f("standby", standby)
        try f("default", `default`)
        try f.nonEmpty("conditions", conditions)
        try f.unknown(unknownFields)
    }
}
