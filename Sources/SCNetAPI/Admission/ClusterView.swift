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
}

/// A plain in-memory cluster: the view `scnet validate` applies manifests to, and a test fixture.
public struct ClusterState: ClusterView, Sendable {
    public private(set) var objects: [String: AnyResource] = [:]

    public init() {}

    /// Stores `resource` (replacing one of the same kind, namespace and name) without checks.
    public mutating func store(_ resource: AnyResource) {
        objects[Self.key(resource)] = resource
    }

    /// The stored object with the same kind, namespace and name as `resource`, if any.
    public func existing(_ resource: AnyResource) -> AnyResource? { objects[Self.key(resource)] }

    public mutating func remove(_ resource: AnyResource) { objects[Self.key(resource)] = nil }

    /// Reviews `resource` against what is stored (as an update when one of its name exists) and stores
    /// it, defaulted, when nothing is violated. Returns the violations; the state is untouched when any.
    @discardableResult
    public mutating func apply(_ resource: AnyResource) -> [Violation] {
        let old = existing(resource)
        let violations = Admission.review(resource, old: old, in: self)
        if violations.isEmpty { store(Admission.defaulted(resource)) }
        return violations
    }

    static func key(_ r: AnyResource) -> String {
        "\(r.kind)/\(r.metadata.namespace ?? "")/\(r.metadata.name)"
    }

    private func all<T>(_ pick: (AnyResource) -> T?) -> [T] {
        objects.keys.sorted().compactMap { objects[$0].flatMap(pick) }
    }

    public func vpc(named name: String) -> Vpc? {
        if case .vpc(let v) = objects["Vpc//\(name)"] { return v }
        return nil
    }

    public func subnet(named name: String) -> Subnet? {
        if case .subnet(let s) = objects["Subnet//\(name)"] { return s }
        return nil
    }

    public func namespace(named name: String) -> Namespace? {
        if case .namespace(let n) = objects["Namespace//\(name)"] { return n }
        return nil
    }

    public var vpcs: [Vpc] { all { if case .vpc(let v) = $0 { v } else { nil } } }
    public var subnets: [Subnet] { all { if case .subnet(let v) = $0 { v } else { nil } } }
    public var fips: [Fip] { all { if case .fip(let v) = $0 { v } else { nil } } }
    public var pods: [Pod] { all { if case .pod(let v) = $0 { v } else { nil } } }
    public var virtualMachines: [VirtualMachine] { all { if case .virtualMachine(let v) = $0 { v } else { nil } } }

    public func ipRecords(inSubnet subnet: String?) -> [IP] {
        all { if case .ip(let v) = $0, subnet == nil || v.spec.subnet == subnet { v } else { nil } }
    }
}
