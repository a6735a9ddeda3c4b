import Neutron
import TestSupport

/// Neutron objects the controller tests build on: one external flat network per sandbox (Neutron
/// allows one per physical network), and routers with their gateway on it.
actor NeutronTopology {
    static let shared = NeutronTopology()
    private var external: [String: Network] = [:]

    /// The external network `physnet1` (172.24.4.0/24) of the sandbox at `url`.
    func externalNetwork(_ client: NeutronClient, sandbox url: String) async throws -> Network {
        if let network = external[url] { return network }
        let network = try await retryingServerErrors(find: { try await client.networks(NeutronQuery().filter("name", "ext")).first }) {
            try await client.createNetwork(NetworkCreate(
                name: "ext", routerExternal: true, providerNetworkType: "flat", providerPhysicalNetwork: "physnet1"))
        }
        _ = try await client.createSubnet(SubnetCreate(
            networkID: network.id, cidr: "172.24.4.0/24", name: "ext-v4",
            allocationPools: [AllocationPool(start: "172.24.4.10", end: "172.24.4.200")], enableDHCP: false))
        external[url] = network
        return network
    }

    /// A router with its gateway on the external network; returns it with its gateway address.
    func router(_ client: NeutronClient, sandbox url: String, name: String) async throws -> (router: Router, network: Network, gateway: String) {
        let network = try await externalNetwork(client, sandbox: url)
        let router = try await retryingServerErrors(find: { try await client.routers(NeutronQuery().filter("name", name)).first }) {
            try await client.createRouter(RouterCreate(name: name, externalGatewayInfo: ExternalGatewayInfo(networkID: network.id)))
        }
        let gateway = router.externalGatewayInfo?.externalFixedIPs?.compactMap(\.ipAddress).first { !$0.contains(":") } ?? ""
        return (router, network, gateway)
    }
}

/// Runs a create; on an HTTP 5xx or no answer in time (Neutron on SQLite, under a loaded full
/// test run, sometimes answers 500 or stalls) looks the object up by name — the create may have happened — and else tries
/// again, up to 4 times. Test set-up only: the product never repeats a create blindly.
func retryingServerErrors<T: Sendable>(
    find: () async throws -> T?, create: () async throws -> T
) async throws -> T {
    var attempt = 0
    while true {
        attempt += 1
        do {
            return try await create()
        } catch let error as NeutronClientError {
            // A 5xx, or no answer in time (the create may still have happened): look, then try again.
            let retryable: Bool
            switch error {
            case .httpStatus(_, let status, _): retryable = status >= 500
            case .transport: retryable = true
            default: retryable = false
            }
            guard retryable, attempt < 4 else { throw error }
            if let found = try await find() { return found }
            try await Task.sleep(for: .milliseconds(500 * attempt))
        }
    }
}
