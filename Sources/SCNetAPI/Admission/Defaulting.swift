import NetAddress

/// Kube-OVN-compatible defaults, applied when an object is stored.
public enum Defaulting {
    /// `IPv4`, `IPv6` or `Dual` for a valid `cidrBlock`.
    public static func protocolName(_ cidrBlock: String?) -> String? {
        guard case .success(let b) = SubnetBlocks.parse(cidrBlock) else { return nil }
        return b.protocolName
    }

    /// The first usable address of each block, joined with a comma.
    public static func gateway(_ cidrBlock: String?) -> String? {
        guard case .success(let b) = SubnetBlocks.parse(cidrBlock) else { return nil }
        return b.all.map { $0.firstUsable.description }.joined(separator: ",")
    }

    /// The subnet with its defaults: VPC `ovn-cluster`, protocol from the CIDR, gateway = first
    /// usable address, the gateway in `excludeIps`, `centralized`, provider `ovn`.
    public static func subnet(_ s: Subnet) -> Subnet {
        var s = s
        if s.spec.vpc == nil || s.spec.vpc == "" { s.spec.vpc = Defaults.vpc }
        if s.spec.protocol == nil { s.spec.protocol = protocolName(s.spec.cidrBlock) }
        if s.spec.gateway == nil { s.spec.gateway = gateway(s.spec.cidrBlock) }
        if s.spec.gatewayType == nil { s.spec.gatewayType = Defaults.gatewayType }
        if s.spec.provider == nil { s.spec.provider = Defaults.provider }
        if s.spec.natOutgoing == nil { s.spec.natOutgoing = false }
        if let gw = s.spec.gateway {
            for g in gw.split(separator: ",").map(String.init) where !s.spec.excludeIps.contains(g) {
                s.spec.excludeIps.append(g)
            }
        }
        return s
    }

    public static func vpc(_ v: Vpc) -> Vpc {
        var v = v
        if v.spec.gatewayType == nil { v.spec.gatewayType = Defaults.gatewayType }
        return v
    }
}

extension Admission {
    /// `resource` with its kind's defaults applied (see ``Defaulting``).
    public static func defaulted(_ resource: AnyResource) -> AnyResource {
        var r = resource
        switch resource {
        case .subnet(let s): r = .subnet(Defaulting.subnet(s))
        case .vpc(let v): r = .vpc(Defaulting.vpc(v))
        case .pod(var p):
            if p.metadata.namespace == nil { p.metadata.namespace = "default" }
            r = .pod(p)
        case .virtualMachine(var vm):
            if vm.metadata.namespace == nil { vm.metadata.namespace = "default" }
            r = .virtualMachine(vm)
        default: break
        }
        return r
    }
}
