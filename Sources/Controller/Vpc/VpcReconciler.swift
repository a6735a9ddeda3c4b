import Kube
import Neutron
import OVN
import OVSDB
import SCNetAPI

/// Binds a `Vpc` to its Neutron router (SPEC S3, S4, S7, S9): checks through Neutron that the
/// router exists with its gateway on `externalNetworkID`, that ML2/OVN made its logical router
/// `neutron-<uuid>` in NB, pins the gateway port to `gatewayNode`'s chassis, and reports it all
/// in `status` (router, subnets, defaultLogicalSwitch, conditions) and Events.
struct VpcReconciler: Reconciler {
    let context: ControllerContext
    var kind: String { "vpc" }

    func reconcile(_ name: String) async throws -> ReconcileOutcome {
        guard let vpc = await context.caches.vpc(name) else {
            try await GatewayPinning(context: context).unpin(vpc: name)
            if await context.directory.set(name, nil) { await queueSubnets(of: name) }
            await context.joinQueue.add(.vpc(name))
            return .done
        }
        var status = vpc.status ?? VpcStatus()
        let check = try await checkRouter(vpc)
        var outcome = ReconcileOutcome.done
        switch check {
        case .ready(let route):
            Conditions.set(&status.conditions, type: "Ready", true, reason: "RouterReady",
                           message: "bound to Neutron router \(vpc.spec.neutronRouter ?? "") (\(route.routerName))")
            let gateway = try await GatewayPinning(context: context).pin(vpc: vpc, routerName: route.routerName)
            switch gateway {
            case .notRequested:
                Conditions.remove(&status.conditions, type: "GatewayReady")
            case .pinned(let chassis):
                Conditions.set(&status.conditions, type: "GatewayReady", true, reason: "GatewayPinned",
                               message: "gateway port scheduled on chassis \(chassis) of node \(vpc.spec.gatewayNode ?? "")")
            case .failed(let reason, let message):
                Conditions.set(&status.conditions, type: "GatewayReady", false, reason: reason, message: message)
                outcome = .requeue(after: .seconds(5))
            }
            if await context.directory.set(name, route) { await queueSubnets(of: name) }
            await context.joinQueue.add(.vpc(name))
        case .notReady(let reason, let message, let retry):
            let wasReason = status.conditions.first { $0.type == "Ready" }?.reason
            Conditions.set(&status.conditions, type: "Ready", false, reason: reason, message: message)
            if wasReason != reason { await context.event(reason, message, warning: true, on: vpc) }
            if await context.directory.set(name, nil) { await queueSubnets(of: name) }
            await context.joinQueue.add(.vpc(name))
            outcome = .requeue(after: retry)
        }
        status.router = vpc.spec.neutronRouter.map(NorthboundNames.neutronRouter)
        status.subnets = await context.caches.subnets.objects()
            .filter { ($0.spec.vpc ?? Defaults.vpc) == name && $0.metadata.deletionTimestamp == nil }
            .map(\.metadata.name).sorted()
        status.defaultLogicalSwitch = vpc.spec.defaultSubnet ?? (name == Defaults.vpc ? Defaults.subnet : nil)
        status.default = name == Defaults.vpc ? true : nil
        if status != vpc.status {
            _ = try await context.kube.patchStatus(Vpc.self, name: name, .merge(["status": try JSONValue(encoding: status)]))
        }
        return outcome
    }

    enum RouterCheck {
        case ready(VpcRoute)
        case notReady(reason: String, message: String, retry: Duration)
    }

    /// Neutron's view of the router, then NB's.
    func checkRouter(_ vpc: Vpc) async throws -> RouterCheck {
        guard let routerID = vpc.spec.neutronRouter, !routerID.isEmpty else {
            return .notReady(reason: "NeutronRouterMissing", message: "spec.neutronRouter is not set", retry: .seconds(60))
        }
        let router: Router
        do {
            router = try await context.neutronCall("get-router") { try await context.neutron.router(id: routerID) }
        } catch let error as NeutronClientError {
            if case .notFound = error {
                return .notReady(
                    reason: "NeutronRouterNotFound",
                    message: "Neutron has no router \(routerID) (spec.neutronRouter)", retry: .seconds(15))
            }
            return .notReady(reason: "NeutronUnavailable", message: "cannot read router \(routerID) from Neutron: \(error)", retry: .seconds(5))
        }
        let gatewayNetwork = router.externalGatewayInfo?.networkID
        guard let gatewayNetwork else {
            return .notReady(
                reason: "RouterGatewayMissing",
                message: "Neutron router \(routerID) has no external gateway; set one on network \(vpc.spec.externalNetworkID ?? "?")",
                retry: .seconds(15))
        }
        guard gatewayNetwork == vpc.spec.externalNetworkID else {
            return .notReady(
                reason: "ExternalNetworkMismatch",
                message: "Neutron router \(routerID) has its gateway on network \(gatewayNetwork), not on spec.externalNetworkID \(vpc.spec.externalNetworkID ?? "")",
                retry: .seconds(15))
        }
        let routerName = NorthboundNames.neutronRouter(routerID)
        guard context.northbound.read({ $0.named(LogicalRouter.self, routerName) }) != nil else {
            return .notReady(
                reason: "RouterNotInOVN",
                message: "OVN Northbound has no logical router \(routerName): is Neutron's ML2/OVN driver using this Northbound database?",
                retry: .seconds(3))
        }
        let gatewayAddress = router.externalGatewayInfo?.externalFixedIPs?
            .compactMap(\.ipAddress).first { !$0.contains(":") }
        return .ready(VpcRoute(routerName: routerName, snatAddress: vpc.spec.externalGatewayIp ?? gatewayAddress))
    }

    private func queueSubnets(of vpc: String) async {
        for subnet in await context.caches.subnets.objects() where (subnet.spec.vpc ?? Defaults.vpc) == vpc {
            await context.subnetQueue.add(subnet.metadata.name)
        }
    }
}
