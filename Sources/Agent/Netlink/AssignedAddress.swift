/// An address assigned to a link, as `RTM_GETADDR` reports it.
public struct AssignedAddress: Sendable, Hashable, CustomStringConvertible {
    /// The local address with its prefix length, e.g. `10.1.2.3/24`.
    public let prefix: InetPrefix
    public let interfaceIndex: Int32
    /// `RT_SCOPE_*`: 0 global, 253 link, 254 host.
    public let scope: UInt8
    /// `IFA_F_*` flags, e.g. 0x02 nodad, 0x40 tentative, 0x80 permanent.
    public let flags: UInt32

    /// Link-scoped, e.g. an IPv6 `fe80::/64` address the kernel added itself.
    public var isLinkLocal: Bool { scope == RTNL.scopeLink }
    /// IPv6 duplicate address detection has not finished: the address cannot be used yet.
    public var isTentative: Bool { flags & 0x40 != 0 }

    public var description: String { "\(prefix) on ifindex \(interfaceIndex)" }

    /// Decodes an `RTM_NEWADDR` message (`ifaddrmsg` + `IFA_*`).
    init?(_ message: NetlinkReply) {
        guard message.type == RTNL.newAddress, let prefixLength = message.read(UInt8.self, at: 1),
            let shortFlags = message.read(UInt8.self, at: 2), let scope = message.read(UInt8.self, at: 3),
            let index = message.read(UInt32.self, at: 4)
        else { return nil }
        let attributes = message.attributes(after: RTNL.ifaddrmsgSize)
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links.
        guard let bytes = attributes[RTNL.ifaLocal] ?? attributes[RTNL.ifaAddress],
            let address = InetAddress(networkOrder: bytes),
            let prefix = try? InetPrefix(address: address, prefixLength: Int(prefixLength))
        else { return nil }
        self.prefix = prefix
        self.interfaceIndex = Int32(bitPattern: index)
        self.scope = scope
        self.flags = attributes.uint32(RTNL.ifaFlags) ?? UInt32(shortFlags)
    }
}
