import IPAM
import Kube
import NetAddress
import OVN
import OVSDB
import SCNetAPI

/// Host access to every VPC (SPEC S5): the `join` subnet (a Subnet of the default VPC, as in
/// Kube-OVN, attached to its router by the subnet reconciler) gets one port per node — the
/// host's `ovn0`, announced in the Node's annotations — and one router port per other VPC, whose
/// address goes to the Vpc's `status.joinAddress`. Nodes route each subnet via its VPC's join
/// address; an ACL keeps VPCs from reaching each other through `join`.
struct JoinReconciler: Reconciler {
    let context: ControllerContext
    var kind: String { "join" }

    var joinSubnet: String { context.configuration.joinSubnet }

    func reconcile(_ member: JoinMember) async throws -> ReconcileOutcome {
        switch member {
        case .node(let name): return try await reconcileNode(name)
        case .vpc(let name): return try await reconcileVPC(name)
        case .policy: return try await JoinPolicy(context: context).ensure()
        }
    }

    /// The join subnet's layout once IPAM has it; `nil` while it is not ready.
    private func joinLayout() async throws -> SubnetLayout? {
        guard let subnet = await context.caches.subnet(joinSubnet), subnet.metadata.deletionTimestamp == nil,
              await context.ledger.hasSubnet(joinSubnet)
        else { return nil }
        return try context.layouts.layout(of: subnet)
    }

    // MARK: - Nodes

    private func reconcileNode(_ name: String) async throws -> ReconcileOutcome {
        let port = JoinNames.nodePort(name)
        guard let node = await context.caches.nodes.object(ObjectKey(name: name)), node.metadata.deletionTimestamp == nil else {
            try await release(owner: port, lsp: port, lrp: nil)
            await context.joinQueue.add(.policy)
            return .done
        }
        guard let layout = try await joinLayout() else { return .requeue(after: .seconds(2)) }
        let record = try await ensureRecord(owner: port, member: "node", name: name, nodeName: name)
        let addresses = [([record.spec.macAddress] + [record.spec.v4IpAddress, record.spec.v6IpAddress]).compactMap { $0 }.joined(separator: " ")]
        let ids = Ownership.markers(kind: JoinNames.Kind.node, name: port,
                                    extra: [JoinNames.nodeKey: name, NorthboundNames.Key.subnet: joinSubnet])
        if let existing = context.northbound.read({ $0.named(LogicalSwitchPort.self, port) }) {
            guard Ownership.isOwned(existing.externalIDs) else {
                throw ControllerError.invalidSpec(kind: "Node", name: name, reason: "OVN already has a port \(port) that scnet does not own")
            }
            if existing.addresses != addresses || existing.externalIDs != ids {
                try await context.northbound.transact([.update(LogicalSwitchPort.table, where: [.uuid(existing.uuid)],
                                                               row: ["addresses": .strings(addresses), "external_ids": .stringMap(ids)])])
            }
        } else {
            try await context.northbound.create(NorthboundOperations.addSwitchPort(
                NorthboundNames.subnetSwitch(joinSubnet), name: port, addresses: addresses, kind: JoinNames.Kind.node, externalIDs: ids))
            await context.joinQueue.add(.policy)
        }
        let wanted: [String: String] = [
            Annotation.allocated: "true",
            Annotation.ipAddress: [record.spec.v4IpAddress, record.spec.v6IpAddress].compactMap { $0 }.joined(separator: ","),
            Annotation.macAddress: record.spec.macAddress ?? "",
            Annotation.cidr: layout.cidrText,
            Annotation.gateway: layout.gatewayText,
            Annotation.logicalSwitch: joinSubnet,
            Annotation.portName: port,
        ]
        if wanted.contains(where: { node.metadata.annotations[$0.key] != $0.value }) {
            let patch: JSONValue = ["metadata": ["annotations": .object(wanted.mapValues(JSONValue.string))]]
            do {
                _ = try await context.kube.patch(Node.self, name: name, .merge(patch))
            } catch let error as KubeError where error.isNotFound {}
        }
        return .done
    }

    // MARK: - VPC routers

    private func reconcileVPC(_ name: String) async throws -> ReconcileOutcome {
        let lrp = JoinNames.routerPort(vpc: name, join: joinSubnet)
        let lsp = JoinNames.switchRouterPort(vpc: name, join: joinSubnet)
        let owner = JoinNames.record(vpc: name, join: joinSubnet)
        let joinVPC = await context.caches.subnet(joinSubnet)?.spec.vpc ?? Defaults.vpc
        let vpc = await context.caches.vpc(name)
        guard let vpc, vpc.metadata.deletionTimestamp == nil else {
            try await release(owner: owner, lsp: lsp, lrp: lrp)
            return .done
        }
        guard let layout = try await joinLayout() else { return .requeue(after: .seconds(2)) }
        // The join subnet's own VPC reaches it through its ordinary attachment, at the gateway.
        if name == joinVPC {
            try await release(owner: owner, lsp: lsp, lrp: lrp)
            try await publish(vpc, joinAddress: layout.gateways.first { $0.family == .v4 }?.description)
            return .done
        }
        guard let route = await context.directory.route(name) else {
            try await release(owner: owner, lsp: lsp, lrp: lrp)
            try await publish(vpc, joinAddress: nil)
            return .done  // the VPC reconciler queues us once the router is ready
        }
        let record = try await ensureRecord(owner: owner, member: "vpc", name: name, nodeName: nil)
        let networks = [record.spec.v4IpAddress, record.spec.v6IpAddress].compactMap { $0 }.compactMap { text -> String? in
            guard let address = IPAddress(text), let block = layout.blocks.block(for: address.family) else { return nil }
            return "\(text)/\(block.prefixLength)"
        }
        let mac = record.spec.macAddress ?? SubnetLayout.routerPortMAC(subnet: owner)
        let ids = Ownership.markers(kind: JoinNames.Kind.routerPort, name: lrp,
                                    extra: [NorthboundNames.Key.vpc: name, NorthboundNames.Key.subnet: joinSubnet])
        let (routerRow, existing, switchPort) = context.northbound.read { replica in
            (replica.named(LogicalRouter.self, route.routerName), replica.named(LogicalRouterPort.self, lrp),
             replica.named(LogicalSwitchPort.self, lsp))
        }
        guard let routerRow else { return .requeue(after: .seconds(2)) }
        if let existing, !routerRow.ports.contains(existing.uuid) || existing.mac != mac || existing.networks.sorted() != networks.sorted() {
            // On another router (the VPC changed routers) or with other addresses: replace it.
            try await removeRouterPort(existing)
            try await context.northbound.create(NorthboundOperations.addRouterPort(
                route.routerName, name: lrp, mac: mac, networks: networks, kind: JoinNames.Kind.routerPort, externalIDs: ids))
        } else if existing == nil {
            try await context.northbound.create(NorthboundOperations.addRouterPort(
                route.routerName, name: lrp, mac: mac, networks: networks, kind: JoinNames.Kind.routerPort, externalIDs: ids))
        }
        if switchPort == nil {
            try await context.northbound.create(NorthboundOperations.addSwitchPort(
                NorthboundNames.subnetSwitch(joinSubnet), name: lsp, addresses: ["router"], type: "router",
                options: ["router-port": lrp], kind: JoinNames.Kind.routerAttachment,
                externalIDs: Ownership.markers(kind: JoinNames.Kind.routerAttachment, name: lsp,
                                               extra: [NorthboundNames.Key.vpc: name, NorthboundNames.Key.subnet: joinSubnet])))
        }
        try await publish(vpc, joinAddress: record.spec.v4IpAddress)
        return .done
    }

    private func publish(_ vpc: Vpc, joinAddress: String?) async throws {
        guard vpc.status?.joinAddress != joinAddress else { return }
        do {
            _ = try await context.kube.patchStatus(Vpc.self, name: vpc.metadata.name,
                                                   .merge(["status": ["joinAddress": joinAddress.map(JSONValue.string) ?? .null]]))
        } catch let error as KubeError where error.isNotFound {}
    }

    private func removeRouterPort(_ port: LogicalRouterPort) async throws {
        try await context.northbound.transact([
            .mutate(LogicalRouter.table, where: [OVSDB.Condition("ports", .includes, .uuids([port.uuid]))],
                    mutations: [Mutation("ports", .delete, .uuids([port.uuid]))]),
        ])
    }

    // MARK: - Records and release

    /// The member's address (allocated once, kept across restarts by its `IP` record).
    private func ensureRecord(owner: String, member: String, name: String, nodeName: String?) async throws -> IP {
        let allocation: Allocation
        if let existing = await context.ledger.allocation(subnet: joinSubnet, owner: owner) {
            allocation = existing
        } else {
            allocation = try await context.ledger.allocate(subnet: joinSubnet, owner: owner, AllocationRequest())
            await context.subnetQueue.add(joinSubnet, after: .seconds(1))
        }
        var spec = IPSpec(podName: name, subnet: joinSubnet, v4IpAddress: allocation.v4?.description,
                          v6IpAddress: allocation.v6?.description, macAddress: allocation.mac?.description)
        spec.nodeName = nodeName
        spec.podType = member == "node" ? "node" : "router"
        if let cached = await context.caches.ip(owner), WorkloadReconciler.sameAddresses(cached.spec, spec) { return cached }
        let record = IP(metadata: ObjectMeta(name: owner, labels: ["ovn.kubernetes.io/subnet": joinSubnet, JoinNames.memberLabel: member]),
                        spec: spec)
        do {
            return try await context.kube.create(record)
        } catch let error as KubeError where error.isAlreadyExists {
            var current = try await context.kube.get(IP.self, name: owner)
            if WorkloadReconciler.sameAddresses(current.spec, spec) { return current }
            current.spec = spec
            return try await context.kube.update(current)
        }
    }

    /// Port(s), then record, then address.
    private func release(owner: String, lsp: String, lrp: String?) async throws {
        var operations: [OVSDBOperation] = []
        context.northbound.read { replica in
            // Only join members: the join subnet's own attachment to its VPC has the same name
            // (`join-<vpc>`) but is the subnet reconciler's.
            if let port = replica.named(LogicalSwitchPort.self, lsp), Ownership.isOwned(port.externalIDs),
               [JoinNames.Kind.node, JoinNames.Kind.routerAttachment].contains(port.externalIDs[Ownership.kindKey] ?? "") {
                operations += [.mutate(LogicalSwitch.table, where: [OVSDB.Condition("ports", .includes, .uuids([port.uuid]))],
                                       mutations: [Mutation("ports", .delete, .uuids([port.uuid]))])]
            }
            if let lrp, let port = replica.named(LogicalRouterPort.self, lrp), Ownership.isOwned(port.externalIDs),
               port.externalIDs[Ownership.kindKey] == JoinNames.Kind.routerPort {
                operations += [.mutate(LogicalRouter.table, where: [OVSDB.Condition("ports", .includes, .uuids([port.uuid]))],
                                       mutations: [Mutation("ports", .delete, .uuids([port.uuid]))])]
            }
        }
        if !operations.isEmpty { try await context.northbound.transact(operations) }
        if let record = await context.caches.ip(owner), record.metadata.labels[JoinNames.memberLabel] != nil {
            do { try await context.kube.delete(IP.self, name: owner) } catch let error as KubeError where error.isNotFound {}
        }
        if await context.ledger.release(subnet: joinSubnet, owner: owner) != nil {
            await context.subnetQueue.add(joinSubnet, after: .seconds(1))
        }
    }
}
