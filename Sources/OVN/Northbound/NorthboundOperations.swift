import OVSDB

/// Builders for the Northbound writes scnet makes. Every row carries `Ownership` markers, and
/// every create is safe to repeat, so `OVSDBClient` may retry it after a lost reply without
/// creating a duplicate: rows of tables with a unique `name` index (ports, router ports,
/// gateway chassis) are protected by the index itself (a repeat aborts with a constraint
/// violation, at no cost); the others (switches, routers, NAT) start with a `wait` guard
/// ("no row with this name yet"), which costs the server a table scan.
///
///     try await client.transact(NorthboundOperations.createSwitch("net1", kind: "subnet"))
///     try await client.transact(NorthboundOperations.addSwitchPort("net1", name: "pod-a",
///                                   addresses: ["0a:00:00:00:00:01 10.0.0.2"], kind: "pod"))
public enum NorthboundOperations {
    /// "No row in `table` has `name`": a guard that fails once the create has happened.
    public static func absent(_ table: String, name: String, column: String = "name") -> OVSDBOperation {
        .wait(table, where: [.equal(column, .string(name))], columns: [column], until: .equal, rows: [], timeout: 0)
    }

    static func ids(_ kind: String, _ name: String, _ extra: [String: String]) -> OVSDB.Value {
        .stringMap(Ownership.markers(kind: kind, name: name, extra: extra))
    }

    public static func createSwitch(
        _ name: String, kind: String = "subnet", otherConfig: [String: String] = [:], externalIDs: [String: String] = [:]
    ) -> [OVSDBOperation] {
        [
            absent(LogicalSwitch.table, name: name),
            .insert(LogicalSwitch.table, ["name": .atom(.string(name)), "other_config": .stringMap(otherConfig),
                                          "external_ids": ids(kind, name, externalIDs)]),
        ]
    }

    /// A port on switch `switchName` (inserted and added to the switch's `ports` in one transaction).
    public static func addSwitchPort(
        _ switchName: String, name: String, addresses: [String] = [], portSecurity: [String] = [], type: String = "",
        options: [String: String] = [:], kind: String = "pod", externalIDs: [String: String] = [:]
    ) -> [OVSDBOperation] {
        [
            .insert(LogicalSwitchPort.table, [
                "name": .atom(.string(name)), "addresses": .strings(addresses), "port_security": .strings(portSecurity),
                "type": .atom(.string(type)), "options": .stringMap(options), "external_ids": ids(kind, name, externalIDs),
            ], uuidName: "lsp"),
            .mutate(LogicalSwitch.table, where: [.equal("name", .string(switchName))],
                    mutations: [Mutation("ports", .insert, .set([.namedUUID("lsp")]))]),
        ]
    }

    /// Removes port `portUUID` from its switch; OVN garbage-collects the unreferenced row.
    public static func removeSwitchPort(_ switchName: String, portUUID: String) -> [OVSDBOperation] {
        [.mutate(LogicalSwitch.table, where: [.equal("name", .string(switchName))],
                 mutations: [Mutation("ports", .delete, .uuids([portUUID]))])]
    }

    public static func deleteSwitch(_ name: String) -> [OVSDBOperation] {
        [.delete(LogicalSwitch.table, where: [.equal("name", .string(name))])]
    }

    public static func createRouter(_ name: String, kind: String = "vpc", options: [String: String] = [:],
                                    externalIDs: [String: String] = [:]) -> [OVSDBOperation] {
        [
            absent(LogicalRouter.table, name: name),
            .insert(LogicalRouter.table, ["name": .atom(.string(name)), "options": .stringMap(options),
                                          "external_ids": ids(kind, name, externalIDs)]),
        ]
    }

    public static func deleteRouter(_ name: String) -> [OVSDBOperation] {
        [.delete(LogicalRouter.table, where: [.equal("name", .string(name))])]
    }

    /// A router port on `routerName` with `mac` and `networks` (CIDRs like `10.0.0.1/24`).
    public static func addRouterPort(_ routerName: String, name: String, mac: String, networks: [String],
                                     kind: String = "router-port", externalIDs: [String: String] = [:]) -> [OVSDBOperation] {
        [
            .insert(LogicalRouterPort.table, ["name": .atom(.string(name)), "mac": .atom(.string(mac)),
                                              "networks": .strings(networks), "external_ids": ids(kind, name, externalIDs)],
                    uuidName: "lrp"),
            .mutate(LogicalRouter.table, where: [.equal("name", .string(routerName))],
                    mutations: [Mutation("ports", .insert, .set([.namedUUID("lrp")]))]),
        ]
    }

    /// Connects a switch to a router: a router port plus the switch's `type=router` peer port.
    public static func connect(switch switchName: String, toRouter routerName: String, mac: String, network: String) -> [OVSDBOperation] {
        let lrp = "lrp-\(routerName)-\(switchName)", lsp = "lsp-\(switchName)-\(routerName)"
        return addRouterPort(routerName, name: lrp, mac: mac, networks: [network])
            + addSwitchPort(switchName, name: lsp, addresses: ["router"], type: "router", options: ["router-port": lrp],
                            kind: "router-attachment")
    }

    /// A NAT rule on `routerName`: `snat` (logicalIP a CIDR), `dnat_and_snat` (an EIP) or `dnat`.
    public static func addNAT(_ routerName: String, type: String, externalIP: String, logicalIP: String,
                              logicalPort: String? = nil, externalMAC: String? = nil, name: String,
                              kind: String = "nat", externalIDs: [String: String] = [:]) -> [OVSDBOperation] {
        var row: Row = ["type": .atom(.string(type)), "external_ip": .atom(.string(externalIP)),
                        "logical_ip": .atom(.string(logicalIP)), "external_ids": ids(kind, name, externalIDs)]
        if let logicalPort { row["logical_port"] = .set([.string(logicalPort)]) }
        if let externalMAC { row["external_mac"] = .set([.string(externalMAC)]) }
        return [
            .wait(NAT.table, where: [Condition("external_ids", .includes, .stringMap([Ownership.nameKey: name]))],
                  columns: ["external_ids"], until: .equal, rows: [], timeout: 0),
            .insert(NAT.table, row, uuidName: "nat"),
            .mutate(LogicalRouter.table, where: [.equal("name", .string(routerName))],
                    mutations: [Mutation("nat", .insert, .set([.namedUUID("nat")]))]),
        ]
    }

    public static func removeNAT(_ routerName: String, natUUID: String) -> [OVSDBOperation] {
        [.mutate(LogicalRouter.table, where: [.equal("name", .string(routerName))],
                 mutations: [Mutation("nat", .delete, .uuids([natUUID]))])]
    }

    /// Schedules router port `portName` on `chassisName` with `priority` (row named `PORT-CHASSIS`, like ovn-nbctl).
    public static func setGatewayChassis(
        _ portName: String, chassisName: String, priority: Int, externalIDs: [String: String] = [:]
    ) -> [OVSDBOperation] {
        let name = "\(portName)-\(chassisName)"
        return [
            .insert(GatewayChassis.table, ["name": .atom(.string(name)), "chassis_name": .atom(.string(chassisName)),
                                           "priority": .atom(.integer(priority)),
                                           "external_ids": ids("gateway-chassis", name, externalIDs)], uuidName: "gwc"),
            .mutate(LogicalRouterPort.table, where: [.equal("name", .string(portName))],
                    mutations: [Mutation("gateway_chassis", .insert, .set([.namedUUID("gwc")]))]),
        ]
    }

    public static func removeGatewayChassis(_ portName: String, gatewayChassisUUID: String) -> [OVSDBOperation] {
        [.mutate(LogicalRouterPort.table, where: [.equal("name", .string(portName))],
                 mutations: [Mutation("gateway_chassis", .delete, .uuids([gatewayChassisUUID]))])]
    }
}

extension Replica {
    /// The first row of `T` whose `name` column is `name`.
    public func named<T: OVNRow>(_ type: T.Type, _ name: String) -> T? {
        rows(T.table, where: "name", is: name).first.flatMap { try? T(uuid: $0.uuid, row: $0.row) }
    }
}
