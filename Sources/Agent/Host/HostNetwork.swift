import Kube
import Logging
import NetAddress
import SCNetAPI

/// Host access to every VPC (SPEC S5, Kube-OVN's `ovn0`): the node's port on the `join`
/// switch, which the controller announces in the Node's annotations, becomes an OVS internal
/// interface in the host; the host then routes each subnet's CIDR via its VPC router's `join`
/// address. Kept current as nodes, subnets and VPCs change, and every `resync`.
struct HostNetwork: Sendable {
    let configuration: AgentConfiguration
    let interfaceName: String
    let localSwitch: LocalSwitch
    let links: any HostLinks
    let logger: Logger
    let switchTimeout: Duration = .seconds(10)

    /// The join subnet's name when a Node's annotations do not say (Kube-OVN's).
    static let defaultJoinSubnet = "join"

    /// The key under which the host interface's OVS `external_ids` say it is ours.
    static let hostKey = "scnet/host-interface"

    func run(node: Informer<Node>, subnets: Informer<Subnet>, vpcs: Informer<Vpc>, resync: Duration) async {
        let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in node.deltas { wake.yield() } }
            group.addTask { for await _ in subnets.deltas { wake.yield() } }
            group.addTask { for await _ in vpcs.deltas { wake.yield() } }
            group.addTask {
                while !Task.isCancelled {
                    wake.yield()
                    do { try await Task.sleep(for: resync) } catch { return }
                }
            }
            group.addTask {
                await node.waitUntilSynced()
                await subnets.waitUntilSynced()
                await vpcs.waitUntilSynced()
                for await _ in wakeups {
                    do {
                        try await reconcile(node: node, subnets: subnets, vpcs: vpcs)
                    } catch {
                        logger.warning("host access to the pods not in place yet", metadata: ["error": "\(error)"])
                        try? await Task.sleep(for: .seconds(1))
                        wake.yield()
                    }
                }
            }
            await group.next()
            group.cancelAll()
            wake.finish()
        }
    }

    func reconcile(node: Informer<Node>, subnets: Informer<Subnet>, vpcs: Informer<Vpc>) async throws {
        guard let object = await node.object(ObjectKey(name: configuration.nodeName)) else { return }
        let annotations = object.metadata.annotations
        let port = annotations[Annotation.portName] ?? "node-\(configuration.nodeName)"
        guard let network = try PodNetwork(annotations: annotations, portName: port) else { return }
        try await localSwitch.plug(interfaceName, type: "internal", mac: network.mac.description,
                                   externalIDs: ["iface-id": port, Self.hostKey: "true"], timeout: switchTimeout)
        try await waitForLink()
        try await links.configure(interfaceName, addresses: network.addresses.map(\.text), mtu: configuration.mtu)

        let joinGateway = network.addresses.first { $0.address.family == .v4 }?.gateway
        let joinSubnet = annotations[Annotation.logicalSwitch] ?? Self.defaultJoinSubnet
        let wanted = HostRoutePlan.routes(subnets: await subnets.objects(), vpcs: await vpcs.objects(),
                                          joinSubnet: joinSubnet, joinGateway: joinGateway)
        let present = Set(try await links.routes(through: interfaceName))
        for route in present.subtracting(wanted) {
            logger.info("host route removed", metadata: ["route": "\(route)"])
            try await links.deleteRoute(route, through: interfaceName)
        }
        for route in wanted.subtracting(present) {
            logger.info("host route added", metadata: ["route": "\(route)", "interface": "\(interfaceName)"])
            try await links.addRoute(route, through: interfaceName)
        }
    }

    /// ovs-vswitchd creates the internal interface shortly after the port is added.
    private func waitForLink() async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while !(try await links.linkExists(interfaceName)) {
            guard clock.now < deadline else {
                throw AgentError.unavailable("Open vSwitch did not create interface \(interfaceName) within 10 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
