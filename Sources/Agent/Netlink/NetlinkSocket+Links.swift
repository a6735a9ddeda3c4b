import Glibc

/// Link lookup and changes: `RTM_GETLINK`, `RTM_SETLINK`, `RTM_DELLINK`.
extension NetlinkSocket {
    /// The link with this name, or nil if there is none in the socket's namespace.
    public func link(named name: String) throws(NetlinkError) -> LinkDetails? {
        try Self.validateLinkName(name)
        var request = NetlinkRequest(type: RTNL.getLink, flags: 0)
        request.appendLinkHeader()
        request.addAttribute(RTNL.iflaIfname, string: name)
        return try fetchLink(request, operation: "look up link \(name)")
    }

    /// The link with this ifindex, or nil if there is none in the socket's namespace.
    public func link(index: Int32) throws(NetlinkError) -> LinkDetails? {
        var request = NetlinkRequest(type: RTNL.getLink, flags: 0)
        request.appendLinkHeader(index: index)
        return try fetchLink(request, operation: "look up link #\(index)")
    }

    /// The ifindex of the named link; throws `.linkNotFound` if it does not exist.
    public func linkIndex(named name: String) throws(NetlinkError) -> Int32 {
        guard let link = try link(named: name) else { throw .linkNotFound(name: name) }
        return link.index
    }

    /// Every link in the socket's namespace (`RTM_GETLINK` dump).
    public func links() throws(NetlinkError) -> [LinkDetails] {
        var request = NetlinkRequest(type: RTNL.getLink, flags: RTNL.flagDump)
        request.appendLinkHeader()
        return try dump(request, operation: "list links").compactMap(LinkDetails.init)
    }

    /// Deletes the named link; deleting either end of a veth deletes both.
    public func deleteLink(named name: String) throws(NetlinkError) {
        try Self.validateLinkName(name)
        var request = NetlinkRequest(type: RTNL.deleteLink, flags: 0)
        request.appendLinkHeader()
        request.addAttribute(RTNL.iflaIfname, string: name)
        try acknowledged(request, operation: "delete link \(name)")
    }

    /// Deletes the named link if it exists (idempotent, for CNI DEL); returns whether it existed.
    @discardableResult
    public func deleteLinkIfPresent(named name: String) throws(NetlinkError) -> Bool {
        do {
            try deleteLink(named: name)
            return true
        } catch where error.errno == ENODEV {
            return false
        }
    }

    /// Sets `IFF_UP` (`ip link set NAME up`).
    public func setLinkUp(named name: String) throws(NetlinkError) {
        try configureLink(named: name, LinkConfiguration(up: true))
    }

    /// Clears `IFF_UP` (`ip link set NAME down`).
    public func setLinkDown(named name: String) throws(NetlinkError) {
        try configureLink(named: name, LinkConfiguration(up: false))
    }

    /// Sets the MTU (68-65535); for a veth, each end has its own.
    public func setLinkMTU(named name: String, to mtu: Int) throws(NetlinkError) {
        try configureLink(named: name, LinkConfiguration(mtu: mtu))
    }

    /// Sets the MAC address (`IFLA_ADDRESS`).
    public func setLinkHardwareAddress(named name: String, to address: HardwareAddress) throws(NetlinkError) {
        try configureLink(named: name, LinkConfiguration(hardwareAddress: address))
    }

    /// Renames a link. Do it while the link is down: older kernels refuse to rename an up link (`EBUSY`).
    public func renameLink(named name: String, to newName: String) throws(NetlinkError) {
        try configureLink(named: name, LinkConfiguration(newName: newName))
    }

    /// Applies every non-nil field of `configuration` in a single `RTM_SETLINK` request.
    public func configureLink(named name: String, _ configuration: LinkConfiguration) throws(NetlinkError) {
        try Self.validateLinkName(name)
        let operation = Self.describe(configuration, of: name)
        var request = NetlinkRequest(type: RTNL.setLink, flags: 0)
        if let newName = configuration.newName {
            // IFLA_IFNAME now carries the new name, so the link must be named by index.
            try Self.validateLinkName(newName)
            guard let link = try link(named: name) else { throw .operationFailed(operation: operation, errno: ENODEV) }
            request.appendLinkHeader(index: link.index, flags: Self.upFlags(configuration), change: Self.changeMask(configuration))
            request.addAttribute(RTNL.iflaIfname, string: newName)
        } else {
            request.appendLinkHeader(flags: Self.upFlags(configuration), change: Self.changeMask(configuration))
            request.addAttribute(RTNL.iflaIfname, string: name)
        }
        if let mtu = configuration.mtu {
            try request.addAttribute(RTNL.iflaMTU, uint32: Self.validMTU(mtu))
        }
        if let address = configuration.hardwareAddress {
            request.addAttribute(RTNL.iflaAddress, bytes: address.bytes)
        }
        try acknowledged(request, operation: operation)
    }

    func fetchLink(_ request: NetlinkRequest, operation: String) throws(NetlinkError) -> LinkDetails? {
        do {
            return try acknowledged(request, operation: operation).lazy.compactMap(LinkDetails.init).first
        } catch where error.errno == ENODEV {
            return nil
        }
    }

    /// Link names are at most 15 bytes (IFNAMSIZ - 1), not `.`/`..`, without `/`, `:` or whitespace.
    static func validateLinkName(_ name: String) throws(NetlinkError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count < 16, name != ".", name != "..",
            !bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 <= 0x20 })
        else { throw .invalidArgument("link name \"\(name)\" (1-15 bytes, no '/', ':' or spaces)") }
    }

    static func validMTU(_ mtu: Int) throws(NetlinkError) -> UInt32 {
        guard (68...65535).contains(mtu) else { throw .invalidArgument("MTU \(mtu) (68-65535)") }
        return UInt32(mtu)
    }

    private static func upFlags(_ configuration: LinkConfiguration) -> UInt32 {
        configuration.up == true ? RTNL.interfaceUp : 0
    }

    private static func changeMask(_ configuration: LinkConfiguration) -> UInt32 {
        configuration.up == nil ? 0 : RTNL.interfaceUp
    }

    private static func describe(_ configuration: LinkConfiguration, of name: String) -> String {
        var changes: [String] = []
        if let newName = configuration.newName { changes.append("rename to \(newName)") }
        if let mtu = configuration.mtu { changes.append("mtu \(mtu)") }
        if let address = configuration.hardwareAddress { changes.append("address \(address)") }
        if let up = configuration.up { changes.append(up ? "up" : "down") }
        return "set link \(name) " + (changes.isEmpty ? "(no change)" : changes.joined(separator: ", "))
    }
}
