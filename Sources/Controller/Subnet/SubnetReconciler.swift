import IPAM
import Kube
import OVN
import SCNetAPI

/// Makes a `Subnet` real (SPEC S6, S13–S15, X1): IPAM for its blocks, a logical switch, a router
/// port on its VPC's router at the gateway address, an SNAT row when `natOutgoing`, and a status
/// with address counts and conditions. Deletion waits (finalizer) while addresses are in use.
struct SubnetReconciler: Reconciler {
    let context: ControllerContext
    var kind: String { "subnet" }

    func reconcile(_ name: String) async throws -> ReconcileOutcome {
        let rows = SubnetRows(northbound: context.northbound, subnet: name)
        guard let subnet = await context.caches.subnet(name) else {
            // Gone from the API (finalizer already removed): make sure nothing of it stays.
            try await rows.removeAll()
            _ = await context.ledger.removeSubnet(name)
            return .done
        }
        if subnet.metadata.deletionTimestamp != nil { return try await finalize(subnet, rows: rows) }
        if !subnet.metadata.finalizers.contains(Defaults.finalizer) {
            try await setFinalizers(subnet, subnet.metadata.finalizers + [Defaults.finalizer])
        }

        var status = subnet.status ?? SubnetStatus()
        let layout: SubnetLayout
        do {
            layout = try SubnetLayout(subnet)
        } catch {
            Conditions.set(&status.conditions, type: "Ready", false, reason: "InvalidSpec", message: error.description)
            try await writeStatus(subnet, status)
            return .done
        }
        let vpcName = subnet.spec.vpc ?? Defaults.vpc
        guard try await rows.ensureSwitch(otherConfig: Self.switchConfig(layout), vpc: vpcName) else {
            Conditions.set(&status.conditions, type: "Ready", false, reason: "SwitchNameTaken",
                           message: "OVN already has a logical switch \"\(name)\" that scnet does not own")
            try await writeStatus(subnet, status)
            return .requeue(after: .seconds(30))
        }
        let wasKnown = await context.ledger.hasSubnet(name)
        do {
            let excluded = try await context.ledger.apply(layout.definition(name: name))
            if !excluded.isEmpty {
                await context.event("ExcludedAddressInUse", excluded.map(\.description).joined(separator: "; "),
                                    warning: true, on: subnet)
            }
            Conditions.remove(&status.conditions, type: "IPAMConflict")
        } catch {
            Conditions.set(&status.conditions, type: "IPAMConflict", true, reason: "BlocksInUse", message: error.description)
        }

        var outcome = ReconcileOutcome.done
        if await context.caches.vpc(vpcName) == nil {
            let message = Admission.unresolvedReferences(of: .subnet(subnet), in: await clusterOfVpcs()).first?.reason
                ?? "VPC \"\(vpcName)\" not found"
            let was = status.conditions.first { $0.type == "Ready" }
            Conditions.set(&status.conditions, type: "Ready", false, reason: "VpcNotFound", message: message)
            if was?.reason != "VpcNotFound" || was?.message != message {
                await context.event("VpcNotFound", message, warning: true, on: subnet)
            }
            try await rows.detach()
            try await rows.ensureSNAT(nil)
        } else if let route = await context.directory.route(vpcName) {
            try await rows.ensureAttachment(
                vpc: vpcName, router: route.routerName, mac: SubnetLayout.routerPortMAC(subnet: name),
                networks: layout.routerNetworks)
            var snat: (router: String, externalIP: String, logicalIP: String)?
            if subnet.spec.natOutgoing == true, let v4 = layout.blocks.v4 {
                if let address = route.snatAddress {
                    snat = (route.routerName, address, v4.description)
                } else {
                    Conditions.set(&status.conditions, type: "NatOutgoingReady", false, reason: "NoExternalAddress",
                                   message: "VPC \(vpcName) has no externalGatewayIp and its router no gateway address")
                }
            }
            try await rows.ensureSNAT(snat)
            if snat != nil || subnet.spec.natOutgoing != true { Conditions.remove(&status.conditions, type: "NatOutgoingReady") }
            let was = status.conditions.first { $0.type == "Ready" }
            Conditions.set(&status.conditions, type: "Ready", true, reason: "SubnetReady",
                           message: "attached to \(route.routerName) at \(layout.gatewayText)")
            if was?.isTrue != true { await context.event("SubnetReady", "attached to VPC \(vpcName) (\(route.routerName))", on: subnet) }
        } else {
            Conditions.set(&status.conditions, type: "Ready", false, reason: "VpcNotReady",
                           message: "VPC \"\(vpcName)\" is not ready (see its status conditions)")
            outcome = .requeue(after: .seconds(10))
        }
        if let usage = await context.ledger.usage(subnet: name) {
            status.v4AvailableIPs = layout.blocks.v4 == nil ? nil : Double(usage.v4Available)
            status.v4UsingIPs = layout.blocks.v4 == nil ? nil : Double(usage.v4Using)
            status.v6AvailableIPs = layout.blocks.v6 == nil ? nil : Double(usage.v6Available)
            status.v6UsingIPs = layout.blocks.v6 == nil ? nil : Double(usage.v6Using)
            // A v6 /64 has UInt64.max addresses available: add saturating.
            let (available, overflow) = usage.v4Available.addingReportingOverflow(usage.v6Available)
            context.metrics.addresses(subnet: name, inUse: usage.v4Using + usage.v6Using,
                                      available: overflow ? .max : available)
        }
        Conditions.remove(&status.conditions, type: "Terminating")
        let newlyReady = subnet.status?.conditions.first { $0.type == "Ready" }?.isTrue != true
        try await writeStatus(subnet, status)
        if newlyReady { await context.vpcQueue.add(vpcName) }  // its status lists its subnets
        // Workloads waiting for this subnet can go on.
        if !wasKnown, await context.ledger.hasSubnet(name) { await context.queueWorkloads() }
        return outcome
    }

    /// Kube-OVN's switch settings: the v4 block and its exclusions (`other_config:subnet`,
    /// `exclude_ips`), the v6 prefix.
    static func switchConfig(_ layout: SubnetLayout) -> [String: String] {
        var config: [String: String] = [:]
        if let v4 = layout.blocks.v4 {
            config["subnet"] = v4.description
            let excluded = ([layout.gateways.first { $0.family == .v4 }?.description].compactMap { $0 }
                + layout.excludeIps.filter { $0.family == .v4 }.map(\.description))
            config["exclude_ips"] = excluded.joined(separator: " ")
        }
        if let v6 = layout.blocks.v6 { config["ipv6_prefix"] = v6.network.description }
        return config
    }

    private func finalize(_ subnet: Subnet, rows: SubnetRows) async throws -> ReconcileOutcome {
        let name = subnet.metadata.name
        guard subnet.metadata.finalizers.contains(Defaults.finalizer) else { return .done }
        let records = await context.caches.ips.objects().filter { $0.spec.subnet == name }
        let inUse = max(records.count, await context.ledger.allocationCount(subnet: name))
        if inUse > 0 {
            var status = subnet.status ?? SubnetStatus()
            let holders = records.prefix(5).map(\.metadata.name).joined(separator: ", ")
            let message = "\(inUse) address\(inUse == 1 ? "" : "es") still in use (\(holders)\(records.count > 5 ? ", …" : "")): delete those workloads first"
            let was = status.conditions.first { $0.type == "Terminating" }?.message
            Conditions.set(&status.conditions, type: "Terminating", true, reason: "AddressesInUse", message: message)
            if was != message { await context.event("DeletionBlocked", message, warning: true, on: subnet) }
            try await writeStatus(subnet, status)
            return .requeue(after: .seconds(10))
        }
        try await rows.removeAll()
        _ = await context.ledger.removeSubnet(name)
        try await setFinalizers(subnet, subnet.metadata.finalizers.filter { $0 != Defaults.finalizer })
        await context.vpcQueue.add(subnet.spec.vpc ?? Defaults.vpc)
        return .done
    }

    private func setFinalizers(_ subnet: Subnet, _ finalizers: [String]) async throws {
        let patch: JSONValue = ["metadata": [
            "finalizers": .array(finalizers.map(JSONValue.string)),
            "resourceVersion": .string(subnet.metadata.resourceVersion ?? ""),
        ]]
        _ = try await context.kube.patch(Subnet.self, name: subnet.metadata.name, .merge(patch))
    }

    private func writeStatus(_ subnet: Subnet, _ status: SubnetStatus) async throws {
        guard status != subnet.status else { return }
        _ = try await context.kube.patchStatus(Subnet.self, name: subnet.metadata.name, .merge(["status": try JSONValue(encoding: status)]))
    }

    private func clusterOfVpcs() async -> ClusterState {
        var state = ClusterState()
        for vpc in await context.caches.vpcs.objects() { state.store(.vpc(vpc)) }
        return state
    }
}
