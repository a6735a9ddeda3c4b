import OVSDB

/// NB `ACL`.
public struct ACL: OVNRow {
    public static let table = "ACL"
    public var uuid: String
    public var direction: String
    public var priority: Int
    public var match: String
    public var action: String
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        direction = row.string("direction") ?? ""
        priority = row.integer("priority") ?? 0
        match = try row.required("match", table: Self.table, uuid: uuid)
        action = row.string("action") ?? ""
        externalIDs = row.map("external_ids")
    }
}

/// NB `Port_Group`.
public struct PortGroup: OVNRow {
    public static let table = "Port_Group"
    public var uuid: String
    public var name: String
    public var ports: [String]
    public var acls: [String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        ports = row.uuids("ports")
        acls = row.uuids("acls")
        externalIDs = row.map("external_ids")
    }
}

/// NB `Address_Set`.
public struct AddressSet: OVNRow {
    public static let table = "Address_Set"
    public var uuid: String
    public var name: String
    public var addresses: [String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        addresses = row.strings("addresses")
        externalIDs = row.map("external_ids")
    }
}

/// NB `Load_Balancer`.
public struct LoadBalancer: OVNRow {
    public static let table = "Load_Balancer"
    public var uuid: String
    public var name: String
    public var protocolName: String?
    public var vips: [String: String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = row.string("name") ?? ""
        protocolName = row.string("protocol")
        vips = row.map("vips")
        externalIDs = row.map("external_ids")
    }
}
