import NetAddress

/// Admission rules for ``Subnet`` (SPEC S2, S4, S6, S13, S14; Kube-OVN's checks).
enum SubnetRules {
    static func review(_ subnet: Subnet, old: Subnet?, in cluster: some ClusterView) -> [Violation] {
        var v: [Violation] = []
        let spec = subnet.spec
        if let p = Syntax.nameProblem(subnet.metadata.name) { v.append(Violation("metadata.name", p)) }
        if cluster.vpc(named: subnet.metadata.name) != nil {
            v.append(Violation("metadata.name", "a Vpc is already named \"\(subnet.metadata.name)\"; a Subnet may not share a Vpc's name"))
        }
        if let vpc = spec.vpc, let p = Syntax.nameProblem(vpc) { v.append(Violation("spec.vpc", p)) }
        v += underlayProblems(spec)
        if let t = spec.gatewayType { v += gatewayTypeProblems(t, field: "spec.gatewayType") }
        if let provider = spec.provider, provider != Defaults.provider {
            v.append(Violation("spec.provider", "\"\(provider)\": only the \"ovn\" provider is supported (no attachment networks)"))
        }
        if let node = spec.gatewayNode {
            for n in node.split(separator: ",", omittingEmptySubsequences: false) where !Syntax.isDNSSubdomain(String(n)) {
                v.append(Violation("spec.gatewayNode", "\"\(n)\" is not a valid node name"))
            }
        }
        for (i, ns) in spec.namespaces.enumerated() where !Syntax.isDNSLabel(ns) {
            v.append(Violation("spec.namespaces[\(i)]", "\"\(ns)\" is not a valid namespace name"))
        }
        var seenProjects: Set<String> = []
        for (i, p) in spec.projectIDs.enumerated() {
            if !Syntax.isProjectID(p) {
                v.append(Violation("spec.projectIDs[\(i)]", "\"\(p)\" is not a valid OpenStack project ID"))
            } else if !seenProjects.insert(p).inserted {
                v.append(Violation("spec.projectIDs[\(i)]", "\"\(p)\" is listed twice"))
            }
        }
        for (i, a) in spec.allowSubnets.enumerated() {
            if case .failure(let e) = SubnetBlocks.parse(a, field: "spec.allowSubnets[\(i)]") { v += e.list }
        }

        switch SubnetBlocks.parse(spec.cidrBlock) {
        case .failure(let e):
            v += e.list
        case .success(let blocks):
            v += protocolProblems(spec.protocol, blocks)
            v += gatewayProblems(spec.gateway, blocks)
            v += excludeProblems(spec.excludeIps, blocks)
            v += overlapProblems(subnet, blocks, in: cluster)
        }
        v += defaultSubnetProblems(subnet, in: cluster)
        if let old { v += updateProblems(subnet, old: old, in: cluster) }
        return v
    }

    static func underlayProblems(_ spec: SubnetSpec) -> [Violation] {
        let reason = "underlay networks are not supported: traffic between nodes uses Geneve tunnels only"
        var v: [Violation] = []
        if let vlan = spec.vlan, !vlan.isEmpty { v.append(Violation("spec.vlan", reason)) }
        if spec.logicalGateway == true { v.append(Violation("spec.logicalGateway", reason)) }
        if spec.u2oInterconnection == true { v.append(Violation("spec.u2oInterconnection", reason)) }
        if let ip = spec.u2oInterconnectionIP, !ip.isEmpty { v.append(Violation("spec.u2oInterconnectionIP", reason)) }
        return v
    }

    static func gatewayTypeProblems(_ t: String, field: String) -> [Violation] {
        switch t {
        case Defaults.gatewayType: []
        case "distributed":
            [Violation(field, "\"distributed\" is not supported: only centralized gateways are (the way out is the Neutron router's gateway)")]
        default: [Violation(field, "\"\(t)\" is not a gateway type; the only supported one is \"centralized\"")]
        }
    }

    static func protocolProblems(_ proto: String?, _ blocks: SubnetBlocks) -> [Violation] {
        guard let proto else { return [] }
        guard ["IPv4", "IPv6", "Dual"].contains(proto) else {
            return [Violation("spec.protocol", "\"\(proto)\" must be IPv4, IPv6 or Dual")]
        }
        if proto != blocks.protocolName {
            return [Violation("spec.protocol", "\"\(proto)\" does not match spec.cidrBlock, which is \(blocks.protocolName)")]
        }
        return []
    }

    static func gatewayProblems(_ gateway: String?, _ blocks: SubnetBlocks) -> [Violation] {
        guard let gateway else { return [] }
        let field = "spec.gateway"
        if gateway != gateway.lowercased() { return [Violation(field, "\"\(gateway)\" must be written in lower case")] }
        let parts = gateway.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == blocks.all.count else {
            return [Violation(field, "\"\(gateway)\" has \(parts.count) address(es) but spec.cidrBlock has \(blocks.all.count) block(s)")]
        }
        var v: [Violation] = []
        for p in parts {
            guard let a = IPAddress(p) else {
                v.append(Violation(field, "\"\(p)\" is not a valid IP address"))
                continue
            }
            guard let block = blocks.block(for: a.family) else {
                v.append(Violation(field, "\(a) is \(a.family.rawValue) but spec.cidrBlock has no \(a.family.rawValue) block"))
                continue
            }
            if !block.contains(a) {
                v.append(Violation(field, "\(a) is outside spec.cidrBlock \(block)"))
            } else if a == block.network && block.hostBits > 1 {
                v.append(Violation(field, "\(a) is the network address of \(block)"))
            } else if a.family == .v4 && a == block.lastAddress && block.hostBits > 1 {
                v.append(Violation(field, "\(a) is the broadcast address of \(block)"))
            }
        }
        return v
    }

    static func excludeProblems(_ entries: [String], _ blocks: SubnetBlocks) -> [Violation] {
        var v: [Violation] = []
        for (i, entry) in entries.enumerated() {
            let field = "spec.excludeIps[\(i)]"
            let range: AddressRange
            do { range = try AddressRange(parsing: entry) } catch {
                v.append(Violation(field, error.description))
                continue
            }
            guard let block = blocks.block(for: range.family) else {
                v.append(Violation(field, "\"\(entry)\" is \(range.family.rawValue) but spec.cidrBlock has no \(range.family.rawValue) block"))
                continue
            }
            if !range.isInside(block) { v.append(Violation(field, "\"\(entry)\" is outside spec.cidrBlock \(block)")) }
        }
        return v
    }

    static func overlapProblems(_ subnet: Subnet, _ blocks: SubnetBlocks, in cluster: some ClusterView) -> [Violation] {
        var v: [Violation] = []
        for other in cluster.subnets where other.metadata.name != subnet.metadata.name {
            guard case .success(let theirs) = SubnetBlocks.parse(other.spec.cidrBlock) else { continue }
            for mine in blocks.all {
                for t in theirs.all where mine.overlaps(t) {
                    let vpc = other.spec.vpc ?? Defaults.vpc
                    v.append(Violation("spec.cidrBlock", "\(mine) overlaps Subnet \"\(other.metadata.name)\" (\(t), VPC \"\(vpc)\"); subnet CIDRs may not overlap, in any VPC"))
                }
            }
        }
        return v
    }

    static func defaultSubnetProblems(_ subnet: Subnet, in cluster: some ClusterView) -> [Violation] {
        guard subnet.spec.default == true else { return [] }
        let vpc = subnet.spec.vpc ?? Defaults.vpc
        let others = cluster.subnets.filter {
            $0.metadata.name != subnet.metadata.name && $0.spec.default == true && ($0.spec.vpc ?? Defaults.vpc) == vpc
        }
        return others.map { Violation("spec.default", "VPC \"\(vpc)\" already has a default subnet, \"\($0.metadata.name)\"") }
    }

    static func updateProblems(_ subnet: Subnet, old: Subnet, in cluster: some ClusterView) -> [Violation] {
        var v: [Violation] = []
        if subnet.spec.cidrBlock != old.spec.cidrBlock {
            v.append(Violation("spec.cidrBlock", "cannot change (was \(old.spec.cidrBlock ?? "unset")); create a new Subnet instead"))
        }
        if (subnet.spec.vpc ?? Defaults.vpc) != (old.spec.vpc ?? Defaults.vpc) {
            v.append(Violation("spec.vpc", "cannot change (was \"\(old.spec.vpc ?? Defaults.vpc)\")"))
        }
        let newProto = subnet.spec.protocol ?? Defaulting.protocolName(subnet.spec.cidrBlock)
        let oldProto = old.spec.protocol ?? Defaulting.protocolName(old.spec.cidrBlock)
        if newProto != oldProto {
            v.append(Violation("spec.protocol", "cannot change (was \(oldProto ?? "unset"))"))
        }
        let newGateway = subnet.spec.gateway ?? Defaulting.gateway(subnet.spec.cidrBlock)
        let oldGateway = old.spec.gateway ?? Defaulting.gateway(old.spec.cidrBlock)
        if newGateway != oldGateway {
            let inUse = cluster.ipRecords(inSubnet: subnet.metadata.name).count
            if inUse > 0 {
                v.append(Violation("spec.gateway", "cannot change while \(inUse) address(es) are in use (was \(oldGateway ?? "unset"))"))
            }
        }
        return v
    }
}
