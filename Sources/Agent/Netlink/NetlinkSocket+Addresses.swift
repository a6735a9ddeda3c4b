/// Interface addresses: `RTM_NEWADDR`, `RTM_DELADDR`, `RTM_GETADDR`.
extension NetlinkSocket {
    /// Assigns `prefix` (e.g. `10.1.2.3/24`) to a link, which also installs the prefix route
    /// once the link is up. With `replace`, re-adding an existing address succeeds (idempotent).
    /// IPv6 addresses skip duplicate address detection unless `duplicateDetection` is true, so
    /// they are usable at once instead of staying "tentative" for a second or more.
    public func addAddress(
        _ prefix: InetPrefix, toLinkIndex index: Int32, replace: Bool = true, duplicateDetection: Bool = false
    ) throws(NetlinkError) {
        let flags = RTNL.flagCreate | (replace ? RTNL.flagReplace : RTNL.flagExclusive)
        var request = NetlinkRequest(type: RTNL.newAddress, flags: flags)
        let addressFlags = prefix.family == .v6 && !duplicateDetection ? RTNL.addressFlagNoDAD : 0
        appendAddress(prefix, index: index, flags: addressFlags, to: &request)
        if prefix.family == .v4 && prefix.prefixLength < 31 {
            let hostMask = (UInt128(1) << (32 - prefix.prefixLength)) - 1
            let broadcast = InetAddress(family: .v4, value: prefix.network.address.value | hostMask)
            request.addAttribute(RTNL.ifaBroadcast, bytes: broadcast.networkOrderBytes)
        }
        try acknowledged(request, operation: "add address \(prefix) to ifindex \(index)")
    }

    /// Removes an address from a link.
    public func deleteAddress(_ prefix: InetPrefix, fromLinkIndex index: Int32) throws(NetlinkError) {
        var request = NetlinkRequest(type: RTNL.deleteAddress, flags: 0)
        appendAddress(prefix, index: index, flags: 0, to: &request)
        try acknowledged(request, operation: "delete address \(prefix) from ifindex \(index)")
    }

    /// Addresses in the socket's namespace, optionally only those of one link and/or family.
    public func addresses(
        ofLinkIndex index: Int32? = nil, family: InetAddress.Family? = nil
    ) throws(NetlinkError) -> [AssignedAddress] {
        var request = NetlinkRequest(type: RTNL.getAddress, flags: RTNL.flagDump)
        request.appendAddressHeader(family: family?.addressFamily ?? 0, prefixLength: 0, flags: 0, scope: 0, index: 0)
        let operation = index.map { "list addresses of ifindex \($0)" } ?? "list addresses"
        return try dump(request, operation: operation).compactMap(AssignedAddress.init).filter {
            (index == nil || $0.interfaceIndex == index) && (family == nil || $0.prefix.family == family)
        }
    }

    private func appendAddress(_ prefix: InetPrefix, index: Int32, flags: UInt32, to request: inout NetlinkRequest) {
        request.appendAddressHeader(
            family: prefix.family.addressFamily, prefixLength: UInt8(prefix.prefixLength), flags: UInt8(flags),
            scope: RTNL.scopeUniverse, index: index)
        let bytes = prefix.address.networkOrderBytes
        request.addAttribute(RTNL.ifaLocal, bytes: bytes)
        request.addAttribute(RTNL.ifaAddress, bytes: bytes)
        if flags != 0 { request.addAttribute(RTNL.ifaFlags, uint32: flags) }
    }
}
