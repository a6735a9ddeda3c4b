import NetAddress

/// Admission: pure functions from (the new object, the old one on update, a view of what exists)
/// to every ``Violation``. An empty result means the object may be stored. A reference to an
/// object that does not exist yet is not a violation (SPEC X2): see ``unresolvedReferences(of:in:)``.
public enum Admission {
    public static func review(_ new: AnyResource, old: AnyResource?, in cluster: some ClusterView) -> [Violation] {
        switch new {
        case .vpc(let o):
            guard case .vpc(let prev)? = old else { return VpcRules.review(o, old: nil, in: cluster) }
            return VpcRules.review(o, old: prev, in: cluster)
        case .subnet(let o):
            guard case .subnet(let prev)? = old else { return SubnetRules.review(o, old: nil, in: cluster) }
            return SubnetRules.review(o, old: prev, in: cluster)
        case .fip(let o):
            guard case .fip(let prev)? = old else { return FipRules.review(o, old: nil, in: cluster) }
            return FipRules.review(o, old: prev, in: cluster)
        case .pod(let o):
            guard case .pod(let prev)? = old else { return WorkloadRules.review(o, in: cluster) }
            return WorkloadRules.review(o, in: cluster, unchanged: WorkloadRules.unchanged(o.metadata.annotations, prev.metadata.annotations))
        case .virtualMachine(let o):
            guard case .virtualMachine(let prev)? = old else { return WorkloadRules.review(o, in: cluster) }
            return WorkloadRules.review(o, in: cluster, unchanged: WorkloadRules.unchanged(o.templateAnnotations, prev.templateAnnotations))
        case .ip(let o): return IPRecordRules.review(o)
        case .namespace(let o): return namespaceProblems(o)
        case .node(let o): return Syntax.nameProblem(o.metadata.name).map { [Violation("metadata.name", $0)] } ?? []
        case .event: return []
        }
    }

    static func namespaceProblems(_ ns: Namespace) -> [Violation] {
        var v: [Violation] = []
        if let p = Syntax.nameProblem(ns.metadata.name, label: true) { v.append(Violation("metadata.name", p)) }
        if let project = ns.metadata.labels[Label.projectID], !Syntax.isProjectID(project) {
            v.append(Violation("metadata.labels[\(Label.projectID)]", "\"\(project)\" is not a valid OpenStack project ID"))
        }
        return v
    }

    /// References to objects that do not exist (yet): not errors, but reported as warnings, status
    /// conditions and Events until they resolve. Each message has a did-you-mean for near names.
    public static func unresolvedReferences(of resource: AnyResource, in cluster: some ClusterView) -> [Violation] {
        // Computed only when a reference is missing: listing every name is the costly part.
        var vpcNames: [String] { cluster.vpcs.map(\.metadata.name) }
        var subnetNames: [String] { cluster.subnets.map(\.metadata.name) }
        switch resource {
        case .subnet(let s):
            let vpc = s.spec.vpc ?? Defaults.vpc
            guard cluster.vpc(named: vpc) == nil, vpc != Defaults.vpc else { return [] }
            return [Violation("spec.vpc", "VPC \"\(vpc)\" not found\(vpc.didYouMeanSuffix(vpcNames))")]
        case .vpc(let v):
            guard let d = v.spec.defaultSubnet, cluster.subnet(named: d) == nil else { return [] }
            return [Violation("spec.defaultSubnet", "Subnet \"\(d)\" not found\(d.didYouMeanSuffix(subnetNames))")]
        case .pod(let p):
            return workloadReferences(p.metadata.annotations, namespace: p.metadata.namespace, prefix: "metadata.annotations", cluster)
        case .virtualMachine(let vm):
            return workloadReferences(vm.templateAnnotations, namespace: vm.metadata.namespace, prefix: "spec.template.metadata.annotations", cluster)
        default:
            return []
        }
    }

    static func workloadReferences(
        _ annotations: [String: String], namespace: String?, prefix: String, _ cluster: some ClusterView
    ) -> [Violation] {
        var v: [Violation] = []
        let ns = namespace ?? "default"
        if let n = cluster.namespace(named: ns), !n.isManaged { return [] }
        if cluster.namespace(named: ns) == nil, !["default", "kube-system"].contains(ns) {
            v.append(Violation("metadata.namespace", "namespace \"\(ns)\" not found"))
        }
        if let ls = annotations[Annotation.logicalSwitch], cluster.subnet(named: ls) == nil {
            v.append(Violation(annotationPath(Annotation.logicalSwitch, prefix: prefix), "Subnet \"\(ls)\" not found\(ls.didYouMeanSuffix(cluster.subnets.map(\.metadata.name)))"))
        }
        return v
    }
}

/// Admission rules for `IP` records (written by the controller; checked so a hand edit cannot corrupt IPAM).
enum IPRecordRules {
    static func review(_ ip: IP) -> [Violation] {
        var v: [Violation] = []
        if let p = Syntax.nameProblem(ip.metadata.name) { v.append(Violation("metadata.name", p)) }
        if ip.spec.subnet?.isEmpty ?? true { v.append(Violation("spec.subnet", "required")) }
        for (field, value, family) in [("spec.v4IpAddress", ip.spec.v4IpAddress, IPFamily.v4), ("spec.v6IpAddress", ip.spec.v6IpAddress, .v6)] {
            guard let value, !value.isEmpty else { continue }
            guard let a = IPAddress(value), a.family == family else {
                v.append(Violation(field, "\"\(value)\" is not a valid \(family.rawValue) address"))
                continue
            }
        }
        if let text = ip.spec.ipAddress, !text.isEmpty, case .failure(let e) = parseAddressList(text, field: "spec.ipAddress") {
            v += e.list
        }
        if let mac = ip.spec.macAddress, !mac.isEmpty, MACAddress(mac) == nil {
            v.append(Violation("spec.macAddress", "\"\(mac)\" is not a MAC address"))
        }
        return v
    }
}
