import Kube
import SCNetAPI

/// The informers the controller reads: one list+watch cache per kind it reconciles or consults.
/// Reconcilers read these caches, never the API, so a reconcile costs no round trip to read.
final class ClusterCaches: Sendable {
    let namespaces: Informer<Namespace>
    let pods: Informer<Pod>
    /// `nil` when the cluster has no KubeVirt (`virtualmachines.kubevirt.io` is not served).
    let virtualMachines: Informer<VirtualMachine>?
    let nodes: Informer<Node>
    let vpcs: Informer<Vpc>
    let subnets: Informer<Subnet>
    let ips: Informer<IP>

    init(client: KubeClient, watchKubeVirt: Bool) {
        namespaces = Informer(client: client)
        pods = Informer(client: client)
        virtualMachines = watchKubeVirt ? Informer(client: client) : nil
        nodes = Informer(client: client)
        vpcs = Informer(client: client)
        subnets = Informer(client: client)
        ips = Informer(client: client)
    }

    /// Runs every informer until cancelled.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.namespaces.run() }
            group.addTask { await self.pods.run() }
            if let vms = virtualMachines { group.addTask { await vms.run() } }
            group.addTask { await self.nodes.run() }
            group.addTask { await self.vpcs.run() }
            group.addTask { await self.subnets.run() }
            group.addTask { await self.ips.run() }
        }
    }

    /// Returns once every informer has its first list.
    func waitUntilSynced() async {
        await namespaces.waitUntilSynced()
        await pods.waitUntilSynced()
        await virtualMachines?.waitUntilSynced()
        await nodes.waitUntilSynced()
        await vpcs.waitUntilSynced()
        await subnets.waitUntilSynced()
        await ips.waitUntilSynced()
    }

    func namespace(_ name: String) async -> Namespace? { await namespaces.object(ObjectKey(name: name)) }
    func subnet(_ name: String) async -> Subnet? { await subnets.object(ObjectKey(name: name)) }
    func vpc(_ name: String) async -> Vpc? { await vpcs.object(ObjectKey(name: name)) }
    func ip(_ name: String) async -> IP? { await ips.object(ObjectKey(name: name)) }
}
