import SCNetAPI
import Synchronization

/// Each subnet's parsed `SubnetLayout`, kept while its spec is unchanged: every pod's reconcile
/// needs its subnet's gateway and blocks, and parsing them each time showed in profiles.
final class SubnetLayouts: Sendable {
    private let cache = Mutex<[String: (spec: SubnetSpec, layout: SubnetLayout)]>([:])

    func layout(of subnet: Subnet) throws(ControllerError) -> SubnetLayout {
        let name = subnet.metadata.name
        if let hit = cache.withLock({ $0[name] }), hit.spec == subnet.spec { return hit.layout }
        let layout = try SubnetLayout(subnet)
        cache.withLock { $0[name] = (subnet.spec, layout) }
        return layout
    }
}
