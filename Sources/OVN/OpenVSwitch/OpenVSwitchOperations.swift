import OVSDB

/// Builders for the writes the agent makes to the local `Open_vSwitch` database — what
/// `ovs-vsctl add-port` / `del-port` / `set open_vswitch . external_ids:…` do, as one
/// transaction each.
public enum OpenVSwitchOperations {
    /// The tables (and columns) the agent monitors.
    public static let monitoredTables: [String: [String]?] = [
        OpenVSwitchRoot.table: ["bridges", "external_ids", "other_config"],
        OVSBridge.table: ["name", "ports", "datapath_type", "external_ids"],
        OVSPort.table: ["name", "interfaces", "external_ids"],
        OVSInterface.table: ["name", "type", "ofport", "error", "external_ids"],
    ]

    /// Adds interface `name` (of `type`, "" for a system device such as a veth end) as a port of
    /// `bridge`. Fails with a constraint violation if a port of that name exists (the `Port`
    /// name index), so a repeat after a lost reply cannot add it twice.
    public static func addPort(
        bridge: String, name: String, type: String = "", mac: String? = nil,
        interfaceExternalIDs: [String: String], portExternalIDs: [String: String] = [:]
    ) -> [OVSDBOperation] {
        var interface: Row = ["name": .atom(.string(name)), "type": .atom(.string(type)),
                              "external_ids": .stringMap(interfaceExternalIDs)]
        if let mac { interface["mac"] = .strings([mac]) }
        return [
            .insert(OVSInterface.table, interface, uuidName: "iface"),
            .insert(OVSPort.table, ["name": .atom(.string(name)), "interfaces": .set([.namedUUID("iface")]),
                                    "external_ids": .stringMap(portExternalIDs)], uuidName: "port"),
            .mutate(OVSBridge.table, where: [.equal("name", .string(bridge))],
                    mutations: [Mutation("ports", .insert, .set([.namedUUID("port")]))]),
        ]
    }

    /// Removes port `portUUID` from `bridge`; OVSDB collects the unreferenced Port and Interface.
    public static func removePort(bridge: String, portUUID: String) -> [OVSDBOperation] {
        [.mutate(OVSBridge.table, where: [.equal("name", .string(bridge))],
                 mutations: [Mutation("ports", .delete, .uuids([portUUID]))])]
    }

    /// Sets `pairs` in `Open_vSwitch` `external_ids`, keeping every other key.
    public static func setExternalIDs(_ pairs: [String: String]) -> [OVSDBOperation] {
        guard !pairs.isEmpty else { return [] }
        return [
            .mutate(OpenVSwitchRoot.table, where: [], mutations: [
                Mutation("external_ids", .delete, .strings(Array(pairs.keys))),
            ]),
            .mutate(OpenVSwitchRoot.table, where: [], mutations: [
                Mutation("external_ids", .insert, .stringMap(pairs)),
            ]),
        ]
    }

    /// Removes `keys` from `Open_vSwitch` `external_ids`.
    public static func removeExternalIDs(_ keys: [String]) -> [OVSDBOperation] {
        guard !keys.isEmpty else { return [] }
        return [.mutate(OpenVSwitchRoot.table, where: [], mutations: [Mutation("external_ids", .delete, .strings(keys))])]
    }
}
