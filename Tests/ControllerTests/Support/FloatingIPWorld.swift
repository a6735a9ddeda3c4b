import Controller
import Foundation
import Kube
import KubeLite
import Logging
import Neutron
import OVN
import OVSDB
import SCNetAPI
import ServiceLifecycle
import TestSupport

/// Neutron objects the floating IP tests share within one sandbox: Neutron allows one flat
/// network per physical network, so the external network (and the router on it) is made once.
actor FloatingIPTopology {
    static let shared = FloatingIPTopology()

    struct Made: Sendable {
        let external: Network
        let router: Router
        let tenant: Network
        let tenantSubnet: Neutron.Subnet
        var routerName: String { NorthboundNames.neutronRouter(router.id) }
    }

    private var made: [String: Made] = [:]

    /// External flat `physnet1` 172.24.4.0/24, a router with its gateway there and tenant 10.30.0.0/24 attached.
    func get(_ sandbox: NeutronSandbox) async throws -> Made {
        if let m = made[sandbox.directory.path] { return m }
        let neutron = sandbox.client()
        let external = try await neutron.createNetwork(
            NetworkCreate(name: "fip-ext", routerExternal: true, providerNetworkType: "flat", providerPhysicalNetwork: "physnet1"))
        _ = try await neutron.createSubnet(
            SubnetCreate(networkID: external.id, cidr: "172.24.4.0/24", name: "fip-ext-v4",
                         allocationPools: [AllocationPool(start: "172.24.4.10", end: "172.24.4.250")], enableDHCP: false))
        let router = try await neutron.createRouter(
            RouterCreate(name: "fip-vpc", externalGatewayInfo: ExternalGatewayInfo(networkID: external.id)))
        let tenant = try await neutron.createNetwork(NetworkCreate(name: "fip-tenant"))
        let subnet = try await neutron.createSubnet(SubnetCreate(networkID: tenant.id, cidr: "10.30.0.0/24", name: "fip-tenant-v4"))
        _ = try await neutron.addRouterInterface(routerID: router.id, .subnet(subnet.id))
        let m = Made(external: external, router: router, tenant: tenant, tenantSubnet: subnet)
        made[sandbox.directory.path] = m
        return m
    }
}

/// Everything one floating IP test runs against: the suite's real Neutron (and its OVN NB), a
/// fresh in-process KubeLite with a `KubeClient`, and an NB `OVSDBClient` replica — plus a pool
/// tag of the test's own, so tests sharing the sandbox never see each other's floating IPs.
struct FloatingIPWorld: Sendable {
    let sandbox: NeutronSandbox
    let neutron: NeutronClient
    let kube: KubeClient
    let northbound: OVSDBClient
    let topology: FloatingIPTopology.Made
    let poolTag: String
    let logger: Logger

    func pool() -> FloatingIPPool { FloatingIPPool(kube: kube, neutron: neutron, poolTag: poolTag, logger: logger) }
    func binder() -> FloatingIPBinder {
        FloatingIPBinder(kube: kube, neutron: neutron, northbound: northbound, poolTag: poolTag, logger: logger)
    }

    /// Creates `count` floating IPs on the external network (concurrently), tagged with the pool tag when `tagged`.
    func floatingIPs(_ count: Int, tagged: Bool = true) async throws -> [FloatingIP] {
        let neutron = neutron, external = topology.external.id, tag = poolTag
        return try await withThrowingTaskGroup(of: FloatingIP.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let fip = try await neutron.createFloatingIP(FloatingIPCreate(floatingNetworkID: external))
                    if tagged { try await neutron.addTag(FloatingIP.self, id: fip.id, tag: tag) }
                    return try await neutron.floatingIP(id: fip.id)
                }
            }
            var all: [FloatingIP] = []
            for try await fip in group { all.append(fip) }
            return all.sorted { $0.floatingIPAddress < $1.floatingIPAddress }
        }
    }

    /// `ovn-nbctl lr-nat-list` of the test router, as (type, external ip, logical ip, logical port) rows.
    func natList() throws -> [[String]] {
        let text = try sandbox.nbctl("lr-nat-list", topology.routerName)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }

    /// Our floating IP NAT rows in the NB, read with ovn-nbctl (not through the replica under test).
    func ourNATRows() throws -> [(type: String, externalIP: String, logicalIP: String, logicalPort: String, ids: String)] {
        let text = try sandbox.nbctl(
            "--format=csv", "--data=bare", "--no-headings", "--columns=type,external_ip,logical_ip,logical_port,external_ids",
            "find", "NAT", "external_ids:scnet/kind=fip")
        return text.split(separator: "\n").map { line in
            let f = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
            return (f[0], f[1], f[2], f[3], f.count > 4 ? f[4] : "")
        }
    }

    func fip(_ floatingIP: FloatingIP) async throws -> Fip {
        try await kube.get(Fip.self, name: FloatingIPNames.fip(address: floatingIP.floatingIPAddress))
    }

    func events(on name: String, reason: String) async throws -> [Event] {
        try await kube.list(Event.self, namespace: "default").items.filter {
            $0.involvedObject.name == name && $0.reason == reason
        }
    }

    /// Runs `body` in a fresh world; stops KubeLite and the NB client afterwards.
    static func with(_ test: String, _ body: @escaping @Sendable (FloatingIPWorld) async throws -> Void) async throws {
        guard let sandbox = NeutronSandbox.current else { throw SandboxFailure(message: "no Neutron sandbox") }
        let topology = try await FloatingIPTopology.shared.get(sandbox)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fip-kubelite-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var logger = Logger(label: "fip-test")
        logger.logLevel = ProcessInfo.processInfo.environment["SCNET_TEST_DEBUG"] == nil ? .warning : .debug
        let server = try await KubeLiteServer(KubeLiteConfiguration(dataDirectory: dir), logger: logger)
        let services = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: logger)
        let northbound = OVSDBClient(
            remotes: try Remote.parseList(sandbox.northbound), database: "OVN_Northbound", monitoring: NorthboundTables.all)
        try await withThrowingTaskGroup(of: Void.self) { services_ in
            services_.addTask { try await services.run() }
            _ = await server.port()
            let kube = try KubeClient(config: try KubeConfig.load(kubeconfig: server.kubeconfigPath.path), logger: logger)
            let result: Result<Void, any Error> = await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await northbound.run() }
                defer { group.cancelAll() }
                do {
                    try await withTimeout(.seconds(10)) { try await northbound.waitUntilReady() }
                    let world = FloatingIPWorld(
                        sandbox: sandbox, neutron: sandbox.client(), kube: kube, northbound: northbound, topology: topology,
                        poolTag: "pool-\(test)-\(UUID().uuidString.prefix(4).lowercased())", logger: logger)
                    try await body(world)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            try? await kube.shutdown()
            await services.triggerGracefulShutdown()
            try await services_.waitForAll()
            try result.get()
        }
    }
}
