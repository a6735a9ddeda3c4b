import Neutron

/// Objects several integration tests build on, created once per sandbox: Neutron allows one
/// flat network per physical network, so the external network must be shared anyway.
actor SharedTopology {
    static let shared = SharedTopology()

    struct External: Sendable {
        let network: Network
        let subnet: Subnet
    }

    struct Tenant: Sendable {
        let router: Router
        let network: Network
        let subnet: Subnet
        let interface: RouterInterface
    }

    private var external: External?
    private var tenant: Tenant?

    /// The external flat network `physnet1` with subnet 172.24.4.0/24.
    func external(_ client: NeutronClient) async throws -> External {
        if let external { return external }
        let network = try await client.createNetwork(
            NetworkCreate(
                name: "ext", routerExternal: true, providerNetworkType: "flat",
                providerPhysicalNetwork: "physnet1"))
        let subnet = try await client.createSubnet(
            SubnetCreate(
                networkID: network.id, cidr: "172.24.4.0/24", name: "ext-v4",
                allocationPools: [AllocationPool(start: "172.24.4.10", end: "172.24.4.200")],
                enableDHCP: false))
        let made = External(network: network, subnet: subnet)
        external = made
        return made
    }

    /// A router with its gateway on the external network and tenant subnet 10.10.0.0/24 attached.
    func tenant(_ client: NeutronClient) async throws -> Tenant {
        if let tenant { return tenant }
        let ext = try await external(client)
        let router = try await client.createRouter(
            RouterCreate(name: "vpc-a", externalGatewayInfo: ExternalGatewayInfo(networkID: ext.network.id)))
        let network = try await client.createNetwork(NetworkCreate(name: "tenant-a"))
        let subnet = try await client.createSubnet(
            SubnetCreate(networkID: network.id, cidr: "10.10.0.0/24", name: "tenant-a-v4"))
        let interface = try await client.addRouterInterface(routerID: router.id, .subnet(subnet.id))
        let made = Tenant(router: router, network: network, subnet: subnet, interface: interface)
        tenant = made
        return made
    }
}
