import Kube
import SCNetAPI

/// The controller's floating IP pass (SPEC S10–S12): syncs the pool from Neutron, then hands
/// the binder the complete set of workloads asking for a floating IP — pods with
/// `ovn.kubernetes.io/snat`, VMs with `ovn.kubernetes.io/eip` on their template — once their
/// address and port exist. One key (`pool`): every trigger collapses into one pass.
struct FloatingIPReconciler: Reconciler {
    static let key = "pool"
    let context: ControllerContext
    let pool: FloatingIPPool
    let binder: FloatingIPBinder
    var kind: String { "fip" }

    func reconcile(_ key: String) async throws -> ReconcileOutcome {
        var networks = Set(await context.caches.vpcs.objects().compactMap(\.spec.externalNetworkID))
        if let defaults = context.configuration.defaultNetwork { networks.insert(defaults.externalNetworkID) }
        let report = try await pool.sync(externalNetworks: networks)
        if !report.failures.isEmpty {
            context.logger.warning("floating IP pool sync", metadata: ["failures": "\(report.failures)"])
        }
        let results = await binder.reconcile(uses: await uses())
        let failed = results.filter { if case .failed = $0.outcome { true } else { false } }
        if !failed.isEmpty {
            context.logger.info("floating IP binding will be retried", metadata: ["failed": "\(failed.map(\.use.description))"])
            return .requeue(after: .seconds(2))
        }
        return .done
    }

    /// Every workload asking for a floating IP whose address and port exist.
    func uses() async -> [FloatingIPUse] {
        var uses: [FloatingIPUse] = []
        for pod in await context.caches.pods.objects() where pod.metadata.deletionTimestamp == nil {
            guard let address = pod.metadata.annotations[Annotation.snat], !address.isEmpty,
                  let namespace = pod.metadata.namespace,
                  let use = await use(.snat, address: address, namespace: namespace, name: pod.metadata.name,
                                      createdAt: pod.metadata.creationTimestamp)
            else { continue }
            uses.append(use)
        }
        for vm in await context.caches.virtualMachines?.objects() ?? [] where vm.metadata.deletionTimestamp == nil {
            guard let address = vm.templateAnnotations[Annotation.eip], !address.isEmpty,
                  let namespace = vm.metadata.namespace,
                  let use = await use(.eip, address: address, namespace: namespace, name: vm.metadata.name,
                                      createdAt: vm.metadata.creationTimestamp)
            else { continue }
            uses.append(use)
        }
        return uses
    }

    private func use(
        _ kind: FloatingIPUse.Kind, address: String, namespace: String, name: String, createdAt: String?
    ) async -> FloatingIPUse? {
        let port = WorkloadKey.pod(namespace: namespace, name: name).portName
        guard let record = await context.caches.ip(port), let logicalIP = record.spec.v4IpAddress,
              let subnet = record.spec.subnet
        else { return nil }
        let vpc = await context.caches.subnet(subnet)?.spec.vpc ?? Defaults.vpc
        let router = await context.directory.route(vpc)?.routerName ?? ""
        return FloatingIPUse(
            workload: "\(namespace)/\(name)", kind: kind, address: address, logicalIP: logicalIP, logicalPort: port,
            router: router, createdAt: createdAt)
    }
}
