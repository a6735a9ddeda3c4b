import OVSDB

/// NB `Logical_Router`: a VPC's router (often Neutron's `neutron-<uuid>`).
public struct LogicalRouter: OVNRow {
    public static let table = "Logical_Router"
    public var uuid: String
    public var name: String
    public var ports: [String]
    public var staticRoutes: [String]
    public var policies: [String]
    public var nat: [String]
    public var loadBalancers: [String]
    public var options: [String: String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        ports = row.uuids("ports")
        staticRoutes = row.uuids("static_routes")
        policies = row.uuids("policies")
        nat = row.uuids("nat")
        loadBalancers = row.uuids("load_balancer")
        options = row.map("options")
        externalIDs = row.map("external_ids")
    }
}

/// NB `Logical_Router_Port`.
public struct LogicalRouterPort: OVNRow {
    public static let table = "Logical_Router_Port"
    public var uuid: String
    public var name: String
    public var mac: String
    public var networks: [String]
    public var gatewayChassis: [String]
    public var peer: String?
    public var options: [String: String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        mac = row.string("mac") ?? ""
        networks = row.strings("networks")
        gatewayChassis = row.uuids("gateway_chassis")
        peer = row.string("peer")
        options = row.map("options")
        externalIDs = row.map("external_ids")
    }
}

/// NB `Logical_Router_Static_Route`.
public struct LogicalRouterStaticRoute: OVNRow {
    public static let table = "Logical_Router_Static_Route"
    public var uuid: String
    public var ipPrefix: String
    public var nextHop: String
    public var outputPort: String?
    public var policy: String?
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        ipPrefix = try row.required("ip_prefix", table: Self.table, uuid: uuid)
        nextHop = row.string("nexthop") ?? ""
        outputPort = row.string("output_port")
        policy = row.string("policy")
        externalIDs = row.map("external_ids")
    }
}

/// NB `Logical_Router_Policy`.
public struct LogicalRouterPolicy: OVNRow {
    public static let table = "Logical_Router_Policy"
    public var uuid: String
    public var priority: Int
    public var match: String
    public var action: String
    public var nextHops: [String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        priority = row.integer("priority") ?? 0
        match = try row.required("match", table: Self.table, uuid: uuid)
        action = row.string("action") ?? ""
        nextHops = row.strings("nexthops")
        externalIDs = row.map("external_ids")
    }
}

/// NB `NAT`: snat, dnat or dnat_and_snat (an EIP).
public struct NAT: OVNRow {
    public static let table = "NAT"
    public var uuid: String
    public var type: String
    public var externalIP: String
    public var logicalIP: String
    public var logicalPort: String?
    public var externalMAC: String?
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        type = try row.required("type", table: Self.table, uuid: uuid)
        externalIP = row.string("external_ip") ?? ""
        logicalIP = row.string("logical_ip") ?? ""
        logicalPort = row.string("logical_port")
        externalMAC = row.string("external_mac")
        externalIDs = row.map("external_ids")
    }
}

/// NB `Gateway_Chassis`: binds a router port to a chassis with a priority.
public struct GatewayChassis: OVNRow {
    public static let table = "Gateway_Chassis"
    public var uuid: String
    public var name: String
    public var chassisName: String
    public var priority: Int
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        chassisName = row.string("chassis_name") ?? ""
        priority = row.integer("priority") ?? 0
        externalIDs = row.map("external_ids")
    }
}
