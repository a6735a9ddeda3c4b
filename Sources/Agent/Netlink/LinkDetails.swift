/// What `RTM_GETLINK` reports about a link.
public struct LinkDetails: Sendable, Hashable {
    /// The interface index (ifindex), unique within its namespace.
    public let index: Int32
    public let name: String
    public let mtu: Int
    /// nil for links without a 6-byte MAC (e.g. loopback reports zeros, tunnels may differ).
    public let hardwareAddress: HardwareAddress?
    /// `IFF_*` flags (`ifi_flags`).
    public let flags: UInt32
    /// `IFLA_INFO_KIND`, e.g. `veth`; nil for physical links.
    public let kind: String?
    /// `IFLA_LINK`: for a veth, the peer's ifindex (in the peer's namespace).
    public let peerIndex: Int32?

    /// Administratively up (`IFF_UP`).
    public var isUp: Bool { flags & RTNL.interfaceUp != 0 }
    /// Carrier present (`IFF_LOWER_UP`); for a veth, both ends are up.
    public var hasCarrier: Bool { flags & RTNL.interfaceLowerUp != 0 }

    /// Decodes an `RTM_NEWLINK` message (`ifinfomsg` + `IFLA_*`).
    init?(_ message: NetlinkReply) {
        guard message.type == RTNL.newLink, let index = message.read(Int32.self, at: 4),
            let flags = message.read(UInt32.self, at: 8)
        else { return nil }
        let attributes = message.attributes(after: RTNL.ifinfomsgSize)
        guard let name = attributes.string(RTNL.iflaIfname) else { return nil }
        self.index = index
        self.name = name
        self.flags = flags
        self.mtu = Int(attributes.uint32(RTNL.iflaMTU) ?? 0)
        self.hardwareAddress = attributes[RTNL.iflaAddress].flatMap { HardwareAddress(bytes: $0) }
        self.kind = attributes.nested(RTNL.iflaLinkInfo)?.string(RTNL.iflaInfoKind)
        self.peerIndex = attributes.uint32(RTNL.iflaLink).map { Int32(bitPattern: $0) }
    }
}
