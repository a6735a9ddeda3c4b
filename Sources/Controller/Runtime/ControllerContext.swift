import Kube
import Logging
import Neutron
import OVSDB
import SCNetAPI

/// Everything reconcilers share: clients, caches, IPAM, the VPC directory, metrics and the
/// queues (a reconciler of one kind queues objects of another when they depend on it).
final class ControllerContext: Sendable {
    let configuration: ControllerConfiguration
    let kube: KubeClient
    let neutron: NeutronClient
    let northbound: Northbound
    let southbound: OVSDBClient?
    let caches: ClusterCaches
    let ledger = AddressLedger()
    let directory = VpcDirectory()
    let layouts = SubnetLayouts()
    let metrics: ControllerMetrics
    let logger: Logger
    let vpcQueue = WorkQueue<String, ContinuousClock>(clock: ContinuousClock())
    let subnetQueue = WorkQueue<String, ContinuousClock>(clock: ContinuousClock())
    let workloadQueue = WorkQueue<WorkloadKey, ContinuousClock>(clock: ContinuousClock())
    let joinQueue = WorkQueue<JoinMember, ContinuousClock>(clock: ContinuousClock())
    /// One key, `FloatingIPReconciler.key`: a pass over every floating IP use.
    let floatingIPQueue = WorkQueue<String, ContinuousClock>(clock: ContinuousClock())

    init(
        configuration: ControllerConfiguration, kube: KubeClient, neutron: NeutronClient, northbound: OVSDBClient,
        southbound: OVSDBClient?, caches: ClusterCaches, metrics: ControllerMetrics, logger: Logger
    ) {
        self.configuration = configuration
        self.kube = kube
        self.neutron = neutron
        self.northbound = Northbound(client: northbound, metrics: metrics)
        self.southbound = southbound
        self.caches = caches
        self.metrics = metrics
        self.logger = logger
    }

    /// Times a Neutron call into the metrics.
    func neutronCall<T: Sendable>(_ operation: String, _ call: () async throws -> T) async throws -> T {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let value = try await call()
            metrics.neutronCall(operation, duration: clock.now - started, succeeded: true)
            return value
        } catch {
            metrics.neutronCall(operation, duration: clock.now - started, succeeded: false)
            throw error
        }
    }

    /// Records an Event, logging instead of failing the reconcile when the API refuses it.
    func event<R: KubeResource>(_ reason: String, _ message: String, warning: Bool = false, on object: R) async {
        do {
            try await kube.record(reason: reason, message: message, type: warning ? .warning : .normal, on: object)
        } catch {
            logger.warning("could not record event", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
    }

    /// Queues every member of the join network: each node, each VPC, and its policy.
    func queueJoinMembers() async {
        for node in await caches.nodes.objects() { await joinQueue.add(.node(node.metadata.name)) }
        for vpc in await caches.vpcs.objects() { await joinQueue.add(.vpc(vpc.metadata.name)) }
        await joinQueue.add(.policy)
    }

    /// Queues every workload (pod or VM) of the caches: after a subnet or namespace change.
    func queueWorkloads(where include: (WorkloadKey) -> Bool = { _ in true }) async {
        for pod in await caches.pods.objects() {
            let key = WorkloadKey.pod(namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name)
            if include(key) { await workloadQueue.add(key) }
        }
        for vm in await caches.virtualMachines?.objects() ?? [] {
            let key = WorkloadKey.virtualMachine(namespace: vm.metadata.namespace ?? "default", name: vm.metadata.name)
            if include(key) { await workloadQueue.add(key) }
        }
    }
}
