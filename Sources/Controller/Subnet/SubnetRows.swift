import OVN
import OVSDB

/// The Northbound rows of one Subnet — its switch, its attachment to the VPC router and its
/// `natOutgoing` SNAT — compared with the replica and fixed where they differ. Only rows with
/// our ownership markers are ever changed or deleted.
struct SubnetRows {
    let northbound: Northbound
    let subnet: String

    private func ids(_ kind: String, _ name: String, vpc: String? = nil) -> [String: String] {
        var extra = [NorthboundNames.Key.subnet: subnet]
        if let vpc { extra[NorthboundNames.Key.vpc] = vpc }
        return Ownership.markers(kind: kind, name: name, extra: extra)
    }

    /// Makes the switch exist with `otherConfig`; `false` when a switch of that name is not ours.
    func ensureSwitch(otherConfig: [String: String], vpc: String) async throws -> Bool {
        let name = NorthboundNames.subnetSwitch(subnet)
        let wantedIDs = ids(NorthboundNames.Kind.subnet, name, vpc: vpc)
        guard let existing = northbound.read({ $0.named(LogicalSwitch.self, name) }) else {
            try await northbound.create(NorthboundOperations.createSwitch(
                name, kind: NorthboundNames.Kind.subnet, otherConfig: otherConfig, externalIDs: wantedIDs))
            return true
        }
        guard Ownership.isOwned(existing.externalIDs) else { return false }
        if existing.otherConfig != otherConfig || existing.externalIDs != wantedIDs {
            try await northbound.transact([.update(LogicalSwitch.table, where: [.equal("_uuid", .uuid(existing.uuid))],
                                                   row: ["other_config": .stringMap(otherConfig), "external_ids": .stringMap(wantedIDs)])])
        }
        return true
    }

    /// Attaches the switch to `router` (router port `<vpc>-<subnet>` with the gateway addresses,
    /// switch port `<subnet>-<vpc>`), removing any attachment of ours elsewhere.
    func ensureAttachment(vpc: String, router: String, mac: String, networks: [String]) async throws {
        let lrpName = NorthboundNames.routerPort(vpc: vpc, subnet: subnet)
        let lspName = NorthboundNames.switchRouterPort(vpc: vpc, subnet: subnet)
        try await detach(keeping: (lrpName, router), lsp: lspName)

        let (routerRow, existing, switchPortExists) = northbound.read { replica in
            (replica.named(LogicalRouter.self, router), replica.named(LogicalRouterPort.self, lrpName),
             replica.named(LogicalSwitchPort.self, lspName) != nil)
        }
        if let existing, existing.mac != mac || existing.networks.sorted() != networks.sorted() {
            try await northbound.transact([.update(LogicalRouterPort.table, where: [.equal("_uuid", .uuid(existing.uuid))],
                                                   row: ["mac": .atom(.string(mac)), "networks": .strings(networks)])])
        } else if existing == nil || !(routerRow?.ports.contains(existing!.uuid) ?? false) {
            try await northbound.create(NorthboundOperations.addRouterPort(
                router, name: lrpName, mac: mac, networks: networks, kind: NorthboundNames.Kind.routerPort,
                externalIDs: ids(NorthboundNames.Kind.routerPort, lrpName, vpc: vpc)))
        }
        if !switchPortExists {
            try await northbound.create(NorthboundOperations.addSwitchPort(
                NorthboundNames.subnetSwitch(subnet), name: lspName, addresses: ["router"], type: "router",
                options: ["router-port": lrpName], kind: NorthboundNames.Kind.routerAttachment,
                externalIDs: ids(NorthboundNames.Kind.routerAttachment, lspName, vpc: vpc)))
        }
    }

    /// Removes our router ports for this subnet, except `keeping` (name on router), and our
    /// switch-side attachment ports other than `lsp`.
    func detach(keeping: (name: String, router: String)? = nil, lsp: String? = nil) async throws {
        let operations: [OVSDBOperation] = northbound.read { replica in
            var operations: [OVSDBOperation] = []
            let routers = replica.all(LogicalRouter.self)
            for port in replica.all(LogicalRouterPort.self) where isOurs(port.externalIDs, kind: NorthboundNames.Kind.routerPort) {
                for router in routers where router.ports.contains(port.uuid) {
                    if let keeping, port.name == keeping.name, router.name == keeping.router { continue }
                    operations.append(.mutate(LogicalRouter.table, where: [.equal("_uuid", .uuid(router.uuid))],
                                              mutations: [Mutation("ports", .delete, .uuids([port.uuid]))]))
                }
            }
            // Raw rows, filtered on `type` before `external_ids` is decoded: the table holds every
            // pod's port too, and this runs on each reconcile of the subnet.
            for (uuid, row) in replica.rows(LogicalSwitchPort.table)
            where row["type"]?.single?.stringValue == "router"
                && isOurs(row["external_ids"]?.stringMap ?? [:], kind: NorthboundNames.Kind.routerAttachment)
                && row["name"]?.single?.stringValue != lsp {
                operations += NorthboundOperations.removeSwitchPort(NorthboundNames.subnetSwitch(subnet), portUUID: uuid)
            }
            return operations
        }
        try await northbound.transact(operations)
    }

    /// Makes our SNAT row for the subnet exactly `wanted` (on `router`), or absent when `nil`.
    func ensureSNAT(_ wanted: (router: String, externalIP: String, logicalIP: String)?) async throws {
        let name = NorthboundNames.subnetSNAT(subnet)
        let (keep, operations) = northbound.read { replica -> (Bool, [OVSDBOperation]) in
            let routers = replica.all(LogicalRouter.self)
            var keep = false
            var operations: [OVSDBOperation] = []
            for nat in replica.all(NAT.self) where isOurs(nat.externalIDs, kind: NorthboundNames.Kind.subnetSNAT) {
                let holder = routers.first { $0.nat.contains(nat.uuid) }
                if let wanted, !keep, nat.type == "snat", nat.externalIP == wanted.externalIP, nat.logicalIP == wanted.logicalIP,
                   holder?.name == wanted.router {
                    keep = true
                    continue
                }
                if let holder {
                    operations += [.mutate(LogicalRouter.table, where: [.equal("_uuid", .uuid(holder.uuid))],
                                           mutations: [Mutation("nat", .delete, .uuids([nat.uuid]))])]
                }
            }
            return (keep, operations)
        }
        try await northbound.transact(operations)
        if let wanted, !keep {
            try await northbound.create(NorthboundOperations.addNAT(
                wanted.router, type: "snat", externalIP: wanted.externalIP, logicalIP: wanted.logicalIP, name: name,
                kind: NorthboundNames.Kind.subnetSNAT, externalIDs: [NorthboundNames.Key.subnet: subnet]))
        }
    }

    /// Deletes every row of ours for the subnet (after the Subnet is gone).
    func removeAll() async throws {
        try await detach()
        try await ensureSNAT(nil)
        let name = NorthboundNames.subnetSwitch(subnet)
        if let existing = northbound.read({ $0.named(LogicalSwitch.self, name) }), Ownership.isOwned(existing.externalIDs) {
            try await northbound.transact(NorthboundOperations.deleteSwitch(name))
        }
    }

    private func isOurs(_ externalIDs: [String: String], kind: String) -> Bool {
        Ownership.isOwned(externalIDs) && externalIDs[Ownership.kindKey] == kind
            && externalIDs[NorthboundNames.Key.subnet] == subnet
    }
}
