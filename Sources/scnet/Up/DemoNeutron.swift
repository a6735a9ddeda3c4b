import Neutron

/// What `scnet up` needs in the local Neutron: an external network and a router with its gateway
/// there, for the default VPC `ovn-cluster`. Found by name when they exist, created otherwise.
struct DemoNeutron {
    static let externalNetworkName = "scnet-external"
    static let routerName = "scnet-default"
    /// The external subnet's gateway: the host holds it on `br-ex` when `scnet up` runs a node.
    static let externalGateway = "172.24.4.1/24"

    let client: NeutronClient

    /// Floating IPs put in the container pool (tag `scnet-pool`) when there are none yet.
    static let poolSize = 4

    func ensure(poolTag: String = "scnet-pool") async throws -> (router: Router, externalNetwork: Network) {
        let (router, network) = try await ensureRouter()
        let tagged = try await client.floatingIPs(FloatingIPFilter(tags: [poolTag]))
        for _ in tagged.count..<max(tagged.count, Self.poolSize) {
            let fip = try await client.createFloatingIP(FloatingIPCreate(floatingNetworkID: network.id))
            try await client.addTag(FloatingIP.self, id: fip.id, tag: poolTag)
        }
        return (router, network)
    }

    private func ensureRouter() async throws -> (router: Router, externalNetwork: Network) {
        let network: Network
        if let existing = try await client.networks(NeutronQuery().filter("name", Self.externalNetworkName), external: true).first {
            network = existing
        } else {
            network = try await client.createNetwork(NetworkCreate(
                name: Self.externalNetworkName, routerExternal: true, providerNetworkType: "flat",
                providerPhysicalNetwork: "physnet1"))
            _ = try await client.createSubnet(SubnetCreate(
                networkID: network.id, cidr: "172.24.4.0/24", name: "\(Self.externalNetworkName)-v4",
                allocationPools: [AllocationPool(start: "172.24.4.10", end: "172.24.4.200")], enableDHCP: false))
        }
        if let router = try await client.routers(NeutronQuery().filter("name", Self.routerName)).first {
            return (router, network)
        }
        let router = try await client.createRouter(RouterCreate(
            name: Self.routerName, externalGatewayInfo: ExternalGatewayInfo(networkID: network.id)))
        return (router, network)
    }
}
