import SCNetAPI

/// Small builders for admission tests.
enum Fx {
    static let router1 = "c761887f-40bd-4df0-9b43-7c6bb009aab7"
    static let router2 = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    static let network = "c9a831a0-6298-44c6-a664-2f362e60e419"
    static let project1 = "8c1f0e5d2a3b4c6d9e7f10a1b2c3d4e5"
    static let project2 = "0a9b8c7d6e5f40312a1b2c3d4e5f6a7b"

    static func vpc(_ name: String, router: String? = router1, network: String? = network, _ edit: (inout VpcSpec) -> Void = { _ in }) -> AnyResource {
        var spec = VpcSpec(neutronRouter: router, externalNetworkID: network)
        edit(&spec)
        return .vpc(Vpc(metadata: ObjectMeta(name: name), spec: spec))
    }

    static func subnet(_ name: String, _ cidr: String? = "10.0.0.0/24", vpc: String? = nil, _ edit: (inout SubnetSpec) -> Void = { _ in }) -> AnyResource {
        var spec = SubnetSpec(vpc: vpc, cidrBlock: cidr)
        edit(&spec)
        return .subnet(Subnet(metadata: ObjectMeta(name: name), spec: spec))
    }

    static func namespace(_ name: String, project: String? = nil, managed: Bool = true) -> AnyResource {
        var labels: [String: String] = [:]
        if managed { labels[Label.managedResource] = Label.managedResourceNamespace }
        if let project { labels[Label.projectID] = project }
        return .namespace(Namespace(metadata: ObjectMeta(name: name, labels: labels)))
    }

    static func pod(_ name: String, namespace: String = "demo", labels: [String: String] = [:], _ annotations: [String: String] = [:]) -> AnyResource {
        .pod(Pod(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels, annotations: annotations)))
    }

    static func vm(_ name: String, namespace: String = "demo", _ annotations: [String: String]) -> AnyResource {
        .virtualMachine(VirtualMachine(metadata: ObjectMeta(name: name, namespace: namespace), templateAnnotations: annotations))
    }

    static func fip(_ name: String, _ address: String, id: String = "0d3e5f7a-9b1c-4d2e-8f3a-5b7c9d1e3f30", status: FipStatus? = nil) -> AnyResource {
        .fip(Fip(metadata: ObjectMeta(name: name), spec: FipSpec(address: address, floatingIPID: id, externalNetworkID: network), status: status))
    }

    static func ip(_ pod: String, namespace: String = "demo", subnet: String, v4: String) -> AnyResource {
        .ip(IP(metadata: ObjectMeta(name: IP.name(pod: pod, namespace: namespace)), spec: IPSpec(podName: pod, namespace: namespace, subnet: subnet, v4IpAddress: v4)))
    }

    /// A cluster with `objects` applied in order; each must be accepted.
    static func cluster(_ objects: [AnyResource]) -> ClusterState {
        var c = ClusterState()
        for o in objects {
            let v = c.apply(o)
            precondition(v.isEmpty, "fixture \(o.reference) refused: \(v)")
        }
        return c
    }

    /// The fields violated when `object` is applied after `setup`.
    static func fields(_ object: AnyResource, after setup: [AnyResource] = []) -> [String] {
        var c = cluster(setup)
        return c.apply(object).map(\.field)
    }
}
