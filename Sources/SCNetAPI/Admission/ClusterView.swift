import NetAddress

/// A read-only view of the objects that exist, which admission rules consult (overlap, names,
/// pool membership, addresses in use). The embedded API and `scnet validate` provide one.
public protocol ClusterView {
    func vpc(named name: String) -> Vpc?
    func subnet(named name: String) -> Subnet?
    func namespace(named name: String) -> Namespace?
    var vpcs: [Vpc] { get }
    var subnets: [Subnet] { get }
    var fips: [Fip] { get }
    /// `IP` records, optionally only those of one subnet.
    func ipRecords(inSubnet subnet: String?) -> [IP]
    var pods: [Pod] { get }
    var virtualMachines: [VirtualMachine] { get }
    /// The `IP` records and the pods (by their `ip_address` annotation) holding `address` in
    /// `subnet`. The default walks every record and pod; a large store should index it.
    func addressUsers(_ address: IPAddress, subnet: String) -> (records: [IP], pods: [Pod])
}

extension ClusterView {
    public func addressUsers(_ address: IPAddress, subnet: String) -> (records: [IP], pods: [Pod]) {
        let records = ipRecords(inSubnet: subnet).filter { $0.heldAddresses.contains(address) }
        let holders = pods.filter {
            ($0.metadata.annotations[Annotation.logicalSwitch] ?? Defaults.subnet) == subnet && $0.annotatedAddresses.contains(address)
        }
        return (records, holders)
    }
}

extension IP {
    /// Every address the record holds (`v4IpAddress`, `v6IpAddress`, `ipAddress`).
    public var heldAddresses: Set<IPAddress> {
        Set([spec.v4IpAddress, spec.v6IpAddress, spec.ipAddress].compactMap { $0 }
            .flatMap { $0.split(separator: ",") }.compactMap { IPAddress($0) })
    }
}

extension Pod {
    /// The addresses its `ovn.kubernetes.io/ip_address` annotation names.
    public var annotatedAddresses: Set<IPAddress> {
        Set((metadata.annotations[Annotation.ipAddress] ?? "").split(separator: ",").compactMap { IPAddress($0) })
    }
}

/// A plain in-memory cluster: the view `scnet validate` applies manifests to, and a test fixture.
/// Objects are kept per kind, so a lookup of one kind never walks the others.
public struct ClusterState: ClusterView, Sendable {
    /// kind → "namespace/name" → object.
    private var byKind: [String: [String: AnyResource]] = [:]

    public init() {}

    /// Every stored object, keyed by `Kind/namespace/name`.
    public var objects: [String: AnyResource] {
        var out: [String: AnyResource] = [:]
        for (kind, objects) in byKind { for (k, v) in objects { out["\(kind)/\(k)"] = v } }
        return out
    }

    /// The stored object of `kind` in `namespace` (nil for cluster-scoped kinds) named `name`.
    public func object(kind: String, namespace: String?, name: String) -> AnyResource? {
        byKind[kind]?["\(namespace ?? "")/\(name)"]
    }

    /// Stores `resource` (replacing one of the same kind, namespace and name) without checks.
    public mutating func store(_ resource: AnyResource) {
        byKind[resource.kind, default: [:]][Self.key(resource)] = resource
    }

    /// The stored object with the same kind, namespace and name as `resource`, if any.
    public func existing(_ resource: AnyResource) -> AnyResource? { byKind[resource.kind]?[Self.key(resource)] }

    public mutating func remove(_ resource: AnyResource) { byKind[resource.kind]?[Self.key(resource)] = nil }

    /// Reviews `resource` against what is stored (as an update when one of its name exists) and stores
    /// it, defaulted, when nothing is violated. Returns the violations; the state is untouched when any.
    @discardableResult
    public mutating func apply(_ resource: AnyResource) -> [Violation] {
        let old = existing(resource)
        let violations = Admission.review(resource, old: old, in: self)
        if violations.isEmpty { store(Admission.defaulted(resource)) }
        return violations
    }

    static func key(_ r: AnyResource) -> String { "\(r.metadata.namespace ?? "")/\(r.metadata.name)" }

    private func all<T>(_ kind: String, _ pick: (AnyResource) -> T?) -> [T] {
        guard let objects = byKind[kind] else { return [] }
        return objects.keys.sorted().compactMap { objects[$0].flatMap(pick) }
    }

    public func vpc(named name: String) -> Vpc? {
        if case .vpc(let v) = byKind[Vpc.kind]?["/\(name)"] { return v }
        return nil
    }

    public func subnet(named name: String) -> Subnet? {
        if case .subnet(let s) = byKind[Subnet.kind]?["/\(name)"] { return s }
        return nil
    }

    public func namespace(named name: String) -> Namespace? {
        if case .namespace(let n) = byKind[Namespace.kind]?["/\(name)"] { return n }
        return nil
    }

    public var vpcs: [Vpc] { all(Vpc.kind) { if case .vpc(let v) = $0 { v } else { nil } } }
    public var subnets: [Subnet] { all(Subnet.kind) { if case .subnet(let v) = $0 { v } else { nil } } }
    public var fips: [Fip] { all(Fip.kind) { if case .fip(let v) = $0 { v } else { nil } } }
    public var pods: [Pod] { all(Pod.kind) { if case .pod(let v) = $0 { v } else { nil } } }
    public var virtualMachines: [VirtualMachine] { all(VirtualMachine.kind) { if case .virtualMachine(let v) = $0 { v } else { nil } } }

    public func ipRecords(inSubnet subnet: String?) -> [IP] {
        all(IP.kind) { if case .ip(let v) = $0, subnet == nil || v.spec.subnet == subnet { v } else { nil } }
    }
}
