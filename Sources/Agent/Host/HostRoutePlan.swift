import NetAddress
import SCNetAPI

/// Which host routes reach the pods (SPEC S5): every subnet's CIDR via its VPC router's address
/// on the `join` switch. Pure: computed from the Subnets and Vpcs the agent sees.
enum HostRoutePlan {
    /// - Parameters:
    ///   - joinSubnet: the `join` subnet's name (its own CIDR is connected, not routed).
    ///   - joinGateway: the default VPC's router address on `join` (the join subnet's gateway).
    static func routes(subnets: [Subnet], vpcs: [Vpc], joinSubnet: String, joinGateway: IPAddress?) -> Set<HostRoute> {
        let joinVPC = subnets.first { $0.metadata.name == joinSubnet }?.spec.vpc ?? Defaults.vpc
        var routerAddress: [String: IPAddress] = [:]
        for vpc in vpcs {
            if let text = vpc.status?.joinAddress, let address = IPAddress(text) { routerAddress[vpc.metadata.name] = address }
        }
        if let joinGateway { routerAddress[joinVPC] = joinGateway }
        var out = Set<HostRoute>()
        for subnet in subnets where subnet.metadata.name != joinSubnet && subnet.metadata.deletionTimestamp == nil {
            guard let gateway = routerAddress[subnet.spec.vpc ?? Defaults.vpc] else { continue }
            for block in (subnet.spec.cidrBlock ?? "").split(separator: ",") {
                guard let cidr = CIDR(block), cidr.family == gateway.family else { continue }
                out.insert(HostRoute(destination: cidr, gateway: gateway))
            }
        }
        return out
    }
}
