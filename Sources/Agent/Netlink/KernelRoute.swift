/// A route in a kernel routing table, to add, delete, or as listed by `RTM_GETROUTE`.
public struct KernelRoute: Sendable, Hashable, CustomStringConvertible {
    /// `RT_TABLE_MAIN`, where `ip route` adds routes by default.
    public static let mainTable: UInt32 = 254
    /// `RTPROT_KERNEL`: added by the kernel itself (prefix routes of addresses).
    public static let protocolKernel: UInt8 = 2
    /// `RTPROT_BOOT`: what `ip route add` uses by default.
    public static let protocolBoot: UInt8 = 3
    /// `RTPROT_STATIC`.
    public static let protocolStatic: UInt8 = 4

    /// Destination network; `/0` is a default route.
    public var destination: InetPrefix
    /// Next hop; nil for a route directly over `outputInterfaceIndex` (link scope).
    public var gateway: InetAddress?
    /// `RTA_OIF`.
    public var outputInterfaceIndex: Int32?
    /// `RTA_PRIORITY`, the metric; nil for the kernel default (0 for IPv4, 1024 for IPv6).
    public var metric: UInt32?
    /// `RTA_PREFSRC`.
    public var preferredSource: InetAddress?
    /// Treat the gateway as directly reachable on the link even if no prefix covers it (`onlink`).
    public var onLink: Bool
    public var table: UInt32
    /// `rtm_protocol`: who owns the route. A distinct value lets an agent find its own routes.
    public var routeProtocol: UInt8
    /// `RT_SCOPE_*`; set from `gateway` when adding (universe with a gateway, link without).
    public var scope: UInt8
    /// `RTN_*`; 1 is unicast.
    public var type: UInt8

    public init(
        destination: InetPrefix, gateway: InetAddress? = nil, outputInterfaceIndex: Int32? = nil,
        metric: UInt32? = nil, preferredSource: InetAddress? = nil, onLink: Bool = false,
        table: UInt32 = KernelRoute.mainTable, routeProtocol: UInt8 = KernelRoute.protocolBoot
    ) {
        self.destination = destination.network
        self.gateway = gateway
        self.outputInterfaceIndex = outputInterfaceIndex
        self.metric = metric
        self.preferredSource = preferredSource
        self.onLink = onLink
        self.table = table
        self.routeProtocol = routeProtocol
        self.scope = gateway == nil ? RTNL.scopeLink : RTNL.scopeUniverse
        self.type = RTNL.routeTypeUnicast
    }

    /// A default route (`0.0.0.0/0` or `::/0`) via `gateway`, optionally pinned to a link.
    public static func defaultRoute(
        via gateway: InetAddress, outputInterfaceIndex: Int32? = nil, onLink: Bool = false
    ) -> KernelRoute {
        KernelRoute(
            destination: .defaultRoute(gateway.family), gateway: gateway,
            outputInterfaceIndex: outputInterfaceIndex, onLink: onLink)
    }

    public var isDefault: Bool { destination.prefixLength == 0 }

    public var description: String {
        var text = isDefault ? "default" : destination.description
        if let gateway { text += " via \(gateway)" }
        if let outputInterfaceIndex { text += " dev #\(outputInterfaceIndex)" }
        if let metric { text += " metric \(metric)" }
        if onLink { text += " onlink" }
        if table != Self.mainTable { text += " table \(table)" }
        return text
    }

    /// Decodes an `RTM_NEWROUTE` message (`rtmsg` + `RTA_*`).
    init?(_ message: NetlinkReply) {
        guard message.type == RTNL.newRoute, let family = message.read(UInt8.self, at: 0),
            let destinationLength = message.read(UInt8.self, at: 1), let table = message.read(UInt8.self, at: 4),
            let routeProtocol = message.read(UInt8.self, at: 5), let scope = message.read(UInt8.self, at: 6),
            let type = message.read(UInt8.self, at: 7), let flags = message.read(UInt32.self, at: 8)
        else { return nil }
        let addressFamily: InetAddress.Family
        switch family {
        case InetAddress.Family.v4.addressFamily: addressFamily = .v4
        case InetAddress.Family.v6.addressFamily: addressFamily = .v6
        default: return nil
        }
        let attributes = message.attributes(after: RTNL.rtmsgSize)
        let address = attributes[RTNL.rtaDestination].flatMap { InetAddress(networkOrder: $0) } ?? .any(addressFamily)
        guard let destination = try? InetPrefix(address: address, prefixLength: Int(destinationLength)) else {
            return nil
        }
        self.destination = destination
        self.gateway = attributes[RTNL.rtaGateway].flatMap { InetAddress(networkOrder: $0) }
        self.outputInterfaceIndex = attributes.uint32(RTNL.rtaOutputInterface).map { Int32(bitPattern: $0) }
        self.metric = attributes.uint32(RTNL.rtaPriority)
        self.preferredSource = attributes[RTNL.rtaPreferredSource].flatMap { InetAddress(networkOrder: $0) }
        self.onLink = flags & RTNL.nextHopOnLink != 0
        self.table = attributes.uint32(RTNL.rtaTable) ?? UInt32(table)
        self.routeProtocol = routeProtocol
        self.scope = scope
        self.type = type
    }
}
