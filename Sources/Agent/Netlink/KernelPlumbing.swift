import NetAddress
import Synchronization

/// The real ``PodPlumbing`` and ``HostLinks``: rtnetlink and ethtool on sockets opened inside
/// the right network namespace (the node's, or a pod's), so no thread of the cooperative pool
/// ever changes namespace and no `ip` process is started on the ADD path.
final class KernelPlumbing: PodPlumbing, HostLinks, Sendable {
    /// The node's namespace (`nil`: the agent's own).
    let hostNetns: String?
    private let hostSocket = Mutex<NetlinkSocket?>(nil)

    init(hostNetns: String?) { self.hostNetns = hostNetns }

    /// One rtnetlink socket in the node's namespace, opened on first use and shared (it
    /// serialises requests; each takes microseconds).
    private func host() async throws -> NetlinkSocket {
        if let socket = hostSocket.withLock({ $0 }) { return socket }
        let socket: NetlinkSocket
        if let hostNetns { socket = try await NetlinkSocket.open(in: try NetworkNamespace(path: hostNetns)) } else { socket = try NetlinkSocket() }
        hostSocket.withLock { $0 = $0 ?? socket }
        return hostSocket.withLock { $0! }
    }

    // MARK: - Pods

    func attach(hostName: String, netns: String, ifName: String, network: PodNetwork, mtu: Int) async throws -> String {
        let pod: NetworkNamespace
        do {
            pod = try NetworkNamespace(path: netns)
        } catch {
            throw AgentError.plumbing("the pod's network namespace \(netns) cannot be opened: \(error)")
        }
        let host = try await host()
        // The pod end is born in the pod's namespace under a temporary name, then renamed, so a
        // stale `eth0` elsewhere can never clash with it.
        let temporary = "scp" + hostName.dropFirst(3)
        guard let podMAC = HardwareAddress(network.mac.description) else {
            throw AgentError.invalidConfig("MAC \(network.mac) cannot be set")
        }
        try host.createVeth(VethConfiguration(name: hostName, peerName: temporary, peerNamespace: pod, mtu: mtu, peerHardwareAddress: podMAC))
        let inside = try await NetlinkSocket.open(in: pod)
        try inside.configureLink(named: temporary, LinkConfiguration(newName: ifName, up: true))
        let index = try inside.linkIndex(named: ifName)
        for address in network.addresses {
            guard let prefix = InetPrefix(address.text) else { throw AgentError.invalidConfig("address \(address.text) cannot be set") }
            try inside.addAddress(prefix, toLinkIndex: index)
        }
        for address in network.addresses {
            guard let gateway = address.gateway, let next = InetAddress(gateway.description) else { continue }
            try inside.addRoute(.defaultRoute(via: next, outputInterfaceIndex: index))
        }
        // OVS's userspace datapath forwards CHECKSUM_PARTIAL frames from a veth without completing
        // them: TCP and UDP would arrive with bad checksums. The pod end must checksum itself.
        try await EthtoolSocket.open(in: pod).setTransmitChecksumOffload(false, interface: ifName)
        try host.setLinkUp(named: hostName)
        guard let hostMAC = try host.link(named: hostName)?.hardwareAddress else {
            throw AgentError.plumbing("the host end \(hostName) vanished while it was being configured")
        }
        return hostMAC.description
    }

    func detach(hostName: String) async throws {
        _ = try await host().deleteLinkIfPresent(named: hostName)
    }

    func hostLinkExists(_ hostName: String) async throws -> Bool {
        try await host().link(named: hostName) != nil
    }

    func inspect(netns: String, ifName: String) async throws -> (mac: String, addresses: [String])? {
        guard let pod = try? NetworkNamespace(path: netns) else { return nil }
        let inside = try await NetlinkSocket.open(in: pod)
        guard let link = try inside.link(named: ifName) else { return nil }
        let addresses = try inside.addresses(ofLinkIndex: link.index).filter { !$0.isLinkLocal }.map(\.prefix.description)
        return (link.hardwareAddress?.description ?? "", addresses)
    }

    // MARK: - Host access

    func linkExists(_ name: String) async throws -> Bool {
        try await host().link(named: name) != nil
    }

    func configure(_ name: String, addresses: [String], mtu: Int) async throws {
        let host = try await host()
        try host.configureLink(named: name, LinkConfiguration(mtu: mtu, up: true))
        let index = try host.linkIndex(named: name)
        let present = Set(try host.addresses(ofLinkIndex: index).map(\.prefix.description))
        for text in addresses where !present.contains(text) {
            guard let prefix = InetPrefix(text) else { throw AgentError.invalidConfig("address \(text) cannot be set") }
            try host.addAddress(prefix, toLinkIndex: index)
        }
    }

    /// Routes the agent adds carry this protocol number, so it lists (and removes) only its own.
    static let routeProtocol: UInt8 = 0x53  // 'S'

    func routes(through interface: String) async throws -> [HostRoute] {
        let host = try await host()
        guard let index = try host.link(named: interface)?.index else { return [] }
        return try host.routes(outputInterfaceIndex: index).compactMap { route in
            guard route.routeProtocol == Self.routeProtocol, let gateway = route.gateway,
                  let destination = CIDR(route.destination.description), let next = IPAddress(gateway.description)
            else { return nil }
            return HostRoute(destination: destination, gateway: next)
        }
    }

    func addRoute(_ route: HostRoute, through interface: String) async throws {
        let host = try await host()
        try host.addRoute(try kernelRoute(route, index: try host.linkIndex(named: interface)))
    }

    func deleteRoute(_ route: HostRoute, through interface: String) async throws {
        let host = try await host()
        _ = try host.deleteRouteIfPresent(try kernelRoute(route, index: try host.linkIndex(named: interface)))
    }

    private func kernelRoute(_ route: HostRoute, index: Int32) throws -> KernelRoute {
        guard let destination = InetPrefix(route.destination.description), let gateway = InetAddress(route.gateway.description) else {
            throw AgentError.invalidConfig("route \(route) cannot be expressed")
        }
        return KernelRoute(destination: destination, gateway: gateway, outputInterfaceIndex: index, routeProtocol: Self.routeProtocol)
    }
}
