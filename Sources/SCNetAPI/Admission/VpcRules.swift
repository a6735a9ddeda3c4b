import NetAddress

/// Admission rules for ``Vpc`` (SPEC S3, S4, S7, S9).
enum VpcRules {
    static func review(_ vpc: Vpc, old: Vpc?, in cluster: some ClusterView) -> [Violation] {
        var v: [Violation] = []
        let spec = vpc.spec
        let name = vpc.metadata.name
        if let p = Syntax.nameProblem(name) { v.append(Violation("metadata.name", p)) }
        if cluster.subnet(named: name) != nil {
            v.append(Violation("metadata.name", "a Subnet is already named \"\(name)\"; a Vpc may not share a Subnet's name"))
        }
        v += uuidProblems(spec.neutronRouter, field: "spec.neutronRouter", what: "the UUID of the Neutron router backing this VPC")
        v += uuidProblems(spec.externalNetworkID, field: "spec.externalNetworkID", what: "the UUID of the router's external network")
        if let router = spec.neutronRouter,
            let other = cluster.vpcs.first(where: { $0.metadata.name != name && $0.spec.neutronRouter == router })
        {
            v.append(Violation("spec.neutronRouter", "router \(router) already backs Vpc \"\(other.metadata.name)\"; each VPC needs its own router"))
        }
        if let ip = spec.externalGatewayIp, IPAddress(ip) == nil {
            v.append(Violation("spec.externalGatewayIp", "\"\(ip)\" is not a valid IP address"))
        }
        if let node = spec.gatewayNode, !Syntax.isDNSSubdomain(node) {
            v.append(Violation("spec.gatewayNode", "\"\(node)\" is not a valid node name"))
        }
        if let t = spec.gatewayType { v += SubnetRules.gatewayTypeProblems(t, field: "spec.gatewayType") }
        let ownGateway = "is not used: the VPC's way out is its Neutron router's gateway, configured in Neutron"
        if spec.enableExternal == true { v.append(Violation("spec.enableExternal", ownGateway)) }
        if !spec.extraExternalSubnets.isEmpty { v.append(Violation("spec.extraExternalSubnets", ownGateway)) }
        if let d = spec.defaultSubnet, let p = Syntax.nameProblem(d) { v.append(Violation("spec.defaultSubnet", p)) }
        for (i, ns) in spec.namespaces.enumerated() {
            if !Syntax.isDNSLabel(ns) {
                v.append(Violation("spec.namespaces[\(i)]", "\"\(ns)\" is not a valid namespace name"))
            } else if let other = cluster.vpcs.first(where: { $0.metadata.name != name && $0.spec.namespaces.contains(ns) }) {
                v.append(Violation("spec.namespaces[\(i)]", "namespace \"\(ns)\" already belongs to Vpc \"\(other.metadata.name)\""))
            }
        }
        if let old, old.spec.neutronRouter != spec.neutronRouter {
            let users = cluster.subnets.filter { ($0.spec.vpc ?? Defaults.vpc) == name }.map(\.metadata.name)
            if !users.isEmpty {
                v.append(Violation("spec.neutronRouter", "cannot change while the VPC has subnets (\(users.sorted().joined(separator: ", ")))"))
            }
        }
        return v
    }

    static func uuidProblems(_ value: String?, field: String, what: String) -> [Violation] {
        guard let value, !value.isEmpty else { return [Violation(field, "required: \(what)")] }
        if !Syntax.isUUID(value) {
            return [Violation(field, "\"\(value)\" is not a UUID (expected the form c761887f-40bd-4df0-9b43-7c6bb009aab7)")]
        }
        return []
    }
}

/// Admission rules for ``Fip`` records (SPEC S10).
enum FipRules {
    static func review(_ fip: Fip, old: Fip?, in cluster: some ClusterView) -> [Violation] {
        var v: [Violation] = []
        if let p = Syntax.nameProblem(fip.metadata.name) { v.append(Violation("metadata.name", p)) }
        if let a = fip.spec.address {
            if IPAddress(a) == nil {
                v.append(Violation("spec.address", "\"\(a)\" is not a valid IP address"))
            } else if let other = cluster.fips.first(where: { $0.metadata.name != fip.metadata.name && $0.spec.address == a }) {
                v.append(Violation("spec.address", "\(a) is already recorded by Fip \"\(other.metadata.name)\""))
            }
        } else {
            v.append(Violation("spec.address", "required: the floating IP address"))
        }
        v += VpcRules.uuidProblems(fip.spec.floatingIPID, field: "spec.floatingIPID", what: "the Neutron floating IP's UUID")
        v += VpcRules.uuidProblems(fip.spec.externalNetworkID, field: "spec.externalNetworkID", what: "the UUID of the floating IP's network")
        if let id = fip.spec.floatingIPID,
            let other = cluster.fips.first(where: { $0.metadata.name != fip.metadata.name && $0.spec.floatingIPID == id })
        {
            v.append(Violation("spec.floatingIPID", "\(id) is already recorded by Fip \"\(other.metadata.name)\""))
        }
        if let p = fip.spec.projectID, !Syntax.isProjectID(p) {
            v.append(Violation("spec.projectID", "\"\(p)\" is not a valid OpenStack project ID"))
        }
        if let status = fip.status {
            if let phase = status.phase, ![FipStatus.available, FipStatus.inUse].contains(phase) {
                v.append(Violation("status.phase", "\"\(phase)\" must be Available or InUse"))
            }
            if let usage = status.usage, !["snat", "eip"].contains(usage) {
                v.append(Violation("status.usage", "\"\(usage)\" must be snat or eip"))
            }
            if status.phase == FipStatus.inUse && status.usedBy == nil {
                v.append(Violation("status.usedBy", "required when the phase is InUse"))
            }
        }
        if let old {
            for (field, a, b) in [("spec.address", fip.spec.address, old.spec.address), ("spec.floatingIPID", fip.spec.floatingIPID, old.spec.floatingIPID)]
            where a != b {
                v.append(Violation(field, "cannot change (was \(b ?? "unset")); a Fip records one floating IP"))
            }
        }
        return v
    }
}
