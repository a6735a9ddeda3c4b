import Foundation
import Kube
import Logging
import Neutron
import OVN
import OVSDB
import SCNetAPI
import ServiceLifecycle

/// The scnet controller as a service: informers on Namespace, Pod, VirtualMachine, Node, Vpc,
/// Subnet and IP feed one work queue per kind; reconcilers bring OVN Northbound (and the
/// objects' status) to what the API declares.
///
/// Start-up order matters for X3: caches are synced and IPAM is rebuilt from every `IP` record
/// before the first reconcile, so no address is handed out that a record already holds.
///
/// ```swift
/// let controller = Controller(configuration: config, kube: kube, neutron: neutron)
/// try await ServiceGroup(services: [controller], logger: logger).run()
/// ```
public final class Controller: Service, Sendable {
    public let configuration: ControllerConfiguration
    public let metrics: ControllerMetrics
    private let kube: KubeClient
    private let neutron: NeutronClient
    private let logger: Logger
    private let ready = ReadySignal()

    public init(
        configuration: ControllerConfiguration, kube: KubeClient, neutron: NeutronClient,
        metrics: ControllerMetrics = ControllerMetrics(), logger: Logger = Logger(label: "scnet.controller")
    ) {
        self.configuration = configuration
        self.kube = kube
        self.neutron = neutron
        self.metrics = metrics
        self.logger = logger
    }

    /// Returns once the caches are synced, IPAM is restored and the reconcilers run.
    public func waitUntilReady() async { await ready.wait() }

    public func run() async throws {
        let northbound = OVSDBClient(
            remotes: try Remote.parseList(configuration.northbound), database: "OVN_Northbound",
            monitoring: NorthboundTables.controller)
        let southbound = try configuration.southbound.map {
            OVSDBClient(remotes: try Remote.parseList($0), database: "OVN_Southbound", monitoring: ["Chassis": nil])
        }
        let kubeVirt = await servesKubeVirt()
        let caches = ClusterCaches(client: kube, watchKubeVirt: kubeVirt)
        let context = ControllerContext(
            configuration: configuration, kube: kube, neutron: neutron, northbound: northbound, southbound: southbound,
            caches: caches, metrics: metrics, logger: logger)
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await northbound.run() }
                if let southbound { group.addTask { try await southbound.run() } }
                group.addTask { await caches.run() }
                group.addTask { await EventRouting(context: context).run() }
                if let address = self.configuration.metricsAddress {
                    group.addTask {
                        try await MetricsServer(metrics: self.metrics, host: address.host, port: address.port, logger: self.logger).run()
                    }
                }
                group.addTask { try await self.reconcile(context) }
                try await group.next()
                group.cancelAll()
            }
        }
        for queue in [context.vpcQueue, context.subnetQueue, context.floatingIPQueue] { await queue.shutDown() }
        await context.workloadQueue.shutDown()
        await context.joinQueue.shutDown()
    }

    /// Waits for the caches and Northbound, rebuilds IPAM, then runs the reconcilers.
    private func reconcile(_ context: ControllerContext) async throws {
        logger.info("waiting for the API caches and OVN Northbound", metadata: ["northbound": "\(configuration.northbound)"])
        await context.caches.waitUntilSynced()
        // Northbound may come up after us: wait as long as it takes, saying so every timeout.
        while true {
            do {
                try await context.northbound.client.waitUntilReady()
                break
            } catch OVSDBError.timedOut(let why) {
                logger.warning("still waiting for OVN Northbound", metadata: ["reason": "\(why)"])
            }
        }
        try await bootstrapDefaultNetwork(context)
        try await restoreAddresses(context)

        let convergence = Convergence(context: context)
        let workers = configuration.workersPerKind
        await convergence.queueEverything()
        await ready.signal()
        logger.info("controller running", metadata: ["workers-per-kind": "\(workers)"])
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await ReconcileLoop(reconciler: VpcReconciler(context: context), queue: context.vpcQueue, workers: 2,
                                    metrics: self.metrics, logger: self.logger).run()
            }
            group.addTask {
                await ReconcileLoop(reconciler: SubnetReconciler(context: context), queue: context.subnetQueue,
                                    workers: 2, metrics: self.metrics, logger: self.logger).run()
            }
            group.addTask {
                await ReconcileLoop(reconciler: WorkloadReconciler(context: context), queue: context.workloadQueue,
                                    workers: workers, metrics: self.metrics, logger: self.logger).run()
            }
            group.addTask {
                await ReconcileLoop(reconciler: JoinReconciler(context: context), queue: context.joinQueue, workers: 4,
                                    metrics: self.metrics, logger: self.logger).run()
            }
            group.addTask {
                let reconciler = FloatingIPReconciler(
                    context: context,
                    pool: FloatingIPPool(kube: self.kube, neutron: self.neutron, poolTag: self.configuration.floatingIPPoolTag, logger: self.logger),
                    binder: FloatingIPBinder(kube: self.kube, neutron: self.neutron, northbound: context.northbound.client,
                                             poolTag: self.configuration.floatingIPPoolTag, logger: self.logger))
                await ReconcileLoop(reconciler: reconciler, queue: context.floatingIPQueue, workers: 1,
                                    metrics: self.metrics, logger: self.logger).run()
            }
            group.addTask {
                while !Task.isCancelled {
                    await context.floatingIPQueue.add(FloatingIPReconciler.key)
                    do { try await Task.sleep(for: self.configuration.floatingIPSyncInterval) } catch { return }
                }
            }
            group.addTask { await convergence.watchNorthbound() }
            group.addTask { await convergence.resync(every: self.configuration.resyncInterval) }
        }
    }

    /// IPAM from the `IP` records (X3): every subnet first, then every record.
    private func restoreAddresses(_ context: ControllerContext) async throws {
        for subnet in await context.caches.subnets.objects() {
            guard let layout = try? SubnetLayout(subnet) else { continue }
            do {
                try await context.ledger.apply(layout.definition(name: subnet.metadata.name))
            } catch {
                logger.error("subnet left out of IPAM", metadata: ["subnet": "\(subnet.metadata.name)", "error": "\(error)"])
            }
        }
        let records = await context.caches.ips.objects()
        let conflicts = await context.ledger.restore(from: records)
        for conflict in conflicts {
            logger.error("IP record not restored", metadata: ["record": "\(conflict.record.owner)", "reason": "\(conflict.reason)"])
        }
        logger.info("IPAM restored", metadata: ["records": "\(records.count)", "conflicts": "\(conflicts.count)"])
    }

    /// Creates the default VPC `ovn-cluster` and subnet `ovn-default` from the configuration when missing.
    private func bootstrapDefaultNetwork(_ context: ControllerContext) async throws {
        guard let defaults = configuration.defaultNetwork else { return }
        if await context.caches.vpc(Defaults.vpc) == nil {
            let vpc = Vpc(metadata: ObjectMeta(name: Defaults.vpc), spec: VpcSpec(
                neutronRouter: defaults.neutronRouter, externalNetworkID: defaults.externalNetworkID))
            do { _ = try await kube.create(vpc) } catch let error as KubeError where error.isAlreadyExists {}
            logger.info("created the default VPC", metadata: ["vpc": "\(Defaults.vpc)", "router": "\(defaults.neutronRouter)"])
        }
        if await context.caches.subnet(Defaults.subnet) == nil {
            var spec = SubnetSpec(vpc: Defaults.vpc, cidrBlock: defaults.cidrBlock, natOutgoing: defaults.natOutgoing)
            spec.default = true
            do {
                _ = try await kube.create(Subnet(metadata: ObjectMeta(name: Defaults.subnet), spec: spec))
            } catch let error as KubeError where error.isAlreadyExists {}
            logger.info("created the default subnet", metadata: ["subnet": "\(Defaults.subnet)", "cidr": "\(defaults.cidrBlock)"])
        }
        if let joinCIDR = configuration.joinCIDR, await context.caches.subnet(configuration.joinSubnet) == nil {
            do {
                _ = try await kube.create(Subnet(metadata: ObjectMeta(name: configuration.joinSubnet),
                                                 spec: SubnetSpec(vpc: Defaults.vpc, cidrBlock: joinCIDR, natOutgoing: false)))
            } catch let error as KubeError where error.isAlreadyExists {}
            logger.info("created the join subnet", metadata: ["subnet": "\(configuration.joinSubnet)", "cidr": "\(joinCIDR)"])
        }
    }

    /// Whether the API serves `virtualmachines.kubevirt.io` (a real cluster may have no KubeVirt).
    private func servesKubeVirt() async -> Bool {
        do {
            _ = try await kube.list(VirtualMachine.self, options: ListOptions(limit: 1))
            return true
        } catch let error as KubeError where error.isNotFound {
            logger.info("the API serves no KubeVirt VirtualMachines: watching pods only")
            return false
        } catch {
            return true  // a transient error: the informer retries
        }
    }
}

/// A one-shot signal many tasks can wait for.
actor ReadySignal {
    private var isSet = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func signal() {
        isSet = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if isSet { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
