import OVSDB

/// NB `Logical_Switch`: one L2 segment (a Subnet).
public struct LogicalSwitch: OVNRow {
    public static let table = "Logical_Switch"
    public var uuid: String
    public var name: String
    public var ports: [String]
    public var acls: [String]
    public var loadBalancers: [String]
    public var otherConfig: [String: String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        ports = row.uuids("ports")
        acls = row.uuids("acls")
        loadBalancers = row.uuids("load_balancer")
        otherConfig = row.map("other_config")
        externalIDs = row.map("external_ids")
    }
}

/// NB `Logical_Switch_Port`: a pod/VM interface, router attachment (`type=router`) or localnet.
public struct LogicalSwitchPort: OVNRow {
    public static let table = "Logical_Switch_Port"
    public var uuid: String
    public var name: String
    public var type: String
    public var addresses: [String]
    public var portSecurity: [String]
    public var options: [String: String]
    public var tag: Int?
    public var enabled: Bool?
    public var up: Bool?
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        type = row.string("type") ?? ""
        addresses = row.strings("addresses")
        portSecurity = row.strings("port_security")
        options = row.map("options")
        tag = row.integer("tag")
        enabled = row.bool("enabled")
        up = row.bool("up")
        externalIDs = row.map("external_ids")
    }
}

/// NB `NB_Global`: the single global row.
public struct NorthboundGlobal: OVNRow {
    public static let table = "NB_Global"
    public var uuid: String
    public var nbConfig: Int
    public var options: [String: String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        nbConfig = row.integer("nb_cfg") ?? 0
        options = row.map("options")
        externalIDs = row.map("external_ids")
    }
}
