/// Creating veth pairs (`RTM_NEWLINK` with `IFLA_LINKINFO` kind `veth`).
extension NetlinkSocket {
    /// Creates a veth pair: `configuration.name` in this socket's namespace and its peer directly in
    /// `configuration.peerNamespace`. Fails with `EEXIST` if either name is taken (never replaces).
    /// Both ends start down.
    public func createVeth(_ configuration: VethConfiguration) throws(NetlinkError) {
        try Self.validateLinkName(configuration.name)
        try Self.validateLinkName(configuration.peerName)
        let mtu = try configuration.mtu.map { (mtu) throws(NetlinkError) in try Self.validMTU(mtu) }
        let placement = configuration.peerNamespace.map { " in \($0.path)" } ?? ""
        let here = namespacePath.map { " in \($0)" } ?? ""
        let operation = "create veth \(configuration.name)\(here) (peer \(configuration.peerName)\(placement))"

        var request = NetlinkRequest(type: RTNL.newLink, flags: RTNL.flagCreate | RTNL.flagExclusive)
        request.appendLinkHeader()
        request.addAttribute(RTNL.iflaIfname, string: configuration.name)
        if let mtu { request.addAttribute(RTNL.iflaMTU, uint32: mtu) }
        if let address = configuration.hardwareAddress { request.addAttribute(RTNL.iflaAddress, bytes: address.bytes) }

        let linkInfo = request.beginNested(RTNL.iflaLinkInfo)
        request.addAttribute(RTNL.iflaInfoKind, string: "veth")
        let infoData = request.beginNested(RTNL.iflaInfoData)
        let peer = request.beginNested(RTNL.vethInfoPeer)
        request.appendLinkHeader()  // VETH_INFO_PEER carries its own struct ifinfomsg, then IFLA_*
        request.addAttribute(RTNL.iflaIfname, string: configuration.peerName)
        if let mtu { request.addAttribute(RTNL.iflaMTU, uint32: mtu) }
        if let address = configuration.peerHardwareAddress {
            request.addAttribute(RTNL.iflaAddress, bytes: address.bytes)
        }
        if let namespace = configuration.peerNamespace {
            request.addAttribute(RTNL.iflaNetNSFD, uint32: UInt32(bitPattern: namespace.fileDescriptor))
        }
        request.endNested(peer)
        request.endNested(infoData)
        request.endNested(linkInfo)

        // The namespace fd must stay open until the kernel has read the request.
        defer { withExtendedLifetime(configuration.peerNamespace) {} }
        try acknowledged(request, operation: operation, namingNamespace: false)
    }
}
