import OVSDB

/// SB `Chassis` (read-only for scnet): a node running ovn-controller.
public struct Chassis: OVNRow {
    public static let table = "Chassis"
    public var uuid: String
    public var name: String
    public var hostname: String
    public var encaps: [String]
    public var otherConfig: [String: String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        hostname = row.string("hostname") ?? ""
        encaps = row.uuids("encaps")
        otherConfig = row.map("other_config")
        externalIDs = row.map("external_ids")
    }
}

/// SB `Encap`: a chassis' tunnel endpoint.
public struct Encap: OVNRow {
    public static let table = "Encap"
    public var uuid: String
    public var type: String
    public var ip: String
    public var chassisName: String

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        type = try row.required("type", table: Self.table, uuid: uuid)
        ip = row.string("ip") ?? ""
        chassisName = row.string("chassis_name") ?? ""
    }
}

/// SB `Port_Binding`: where a logical port is bound (`chassis`), and whether it is `up`.
public struct PortBinding: OVNRow {
    public static let table = "Port_Binding"
    public var uuid: String
    public var logicalPort: String
    public var type: String
    public var chassis: String?
    public var mac: [String]
    public var up: Bool?
    public var tunnelKey: Int

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        logicalPort = try row.required("logical_port", table: Self.table, uuid: uuid)
        type = row.string("type") ?? ""
        chassis = row.uuid("chassis")
        mac = row.strings("mac")
        up = row.bool("up")
        tunnelKey = row.integer("tunnel_key") ?? 0
    }
}
