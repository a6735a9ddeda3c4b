import OVSDB

/// The local `Open_vSwitch` database of a node (`ovs-vswitchd`'s configuration): the rows the
/// agent reads and writes to plug interfaces into `br-int` and to register the chassis.

/// `Open_vSwitch`: the single root row; its `external_ids` configure `ovn-controller`.
public struct OpenVSwitchRoot: OVNRow {
    public static let table = "Open_vSwitch"
    public var uuid: String
    public var bridges: [String]
    public var externalIDs: [String: String]
    public var otherConfig: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        bridges = row.uuids("bridges")
        externalIDs = row.map("external_ids")
        otherConfig = row.map("other_config")
    }
}

/// `Bridge`: `br-int`, `br-ex`….
public struct OVSBridge: OVNRow {
    public static let table = "Bridge"
    public var uuid: String
    public var name: String
    public var ports: [String]
    public var datapathType: String
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        ports = row.uuids("ports")
        datapathType = row.string("datapath_type") ?? ""
        externalIDs = row.map("external_ids")
    }
}

/// `Port`: a bridge port holding one interface (scnet never bonds).
public struct OVSPort: OVNRow {
    public static let table = "Port"
    public var uuid: String
    public var name: String
    public var interfaces: [String]
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        interfaces = row.uuids("interfaces")
        externalIDs = row.map("external_ids")
    }
}

/// `Interface`: the veth end or internal port; `external_ids:iface-id` binds it to a logical
/// port, and `ovn-controller` sets `external_ids:ovn-installed=true` once its flows are in.
public struct OVSInterface: OVNRow {
    public static let table = "Interface"
    public var uuid: String
    public var name: String
    public var type: String
    public var ofport: Int?
    public var error: String?
    public var externalIDs: [String: String]

    public init(uuid: String, row: Row) throws(OVNError) {
        self.uuid = uuid
        name = try row.required("name", table: Self.table, uuid: uuid)
        type = row.string("type") ?? ""
        ofport = row.integer("ofport")
        error = row.string("error")
        externalIDs = row.map("external_ids")
    }

    /// The logical port this interface is bound to.
    public var ifaceID: String? { externalIDs["iface-id"] }
    /// Whether `ovn-controller` has installed the port's flows.
    public var isInstalled: Bool { externalIDs["ovn-installed"] == "true" }
}

extension Replica {
    /// The bridge named `name`.
    public func bridge(_ name: String) -> OVSBridge? {
        rows(OVSBridge.table).lazy.compactMap { try? OVSBridge(uuid: $0.key, row: $0.value) }.first { $0.name == name }
    }

    /// The interface named `name`.
    public func interface(named name: String) -> OVSInterface? {
        rows(OVSInterface.table).lazy.compactMap { try? OVSInterface(uuid: $0.key, row: $0.value) }.first { $0.name == name }
    }
}
