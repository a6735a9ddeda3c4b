import Glibc

/// Routes: `RTM_NEWROUTE`, `RTM_DELROUTE`, `RTM_GETROUTE`.
extension NetlinkSocket {
    /// Adds a route. With `replace` (the default) an existing route to the same destination
    /// (same table, metric) is overwritten, so re-adding is idempotent; without it, `EEXIST`.
    /// The output link must be up and the gateway reachable (or `onLink`), else `ENETUNREACH`/`ENETDOWN`.
    public func addRoute(_ route: KernelRoute, replace: Bool = true) throws(NetlinkError) {
        let flags = RTNL.flagCreate | (replace ? RTNL.flagReplace : RTNL.flagExclusive)
        let request = try routeRequest(type: RTNL.newRoute, flags: flags, route: route, deleting: false)
        try acknowledged(request, operation: "add route \(route)")
    }

    /// Deletes the route matching `route`'s destination, table and (when given) gateway,
    /// output link and metric; its protocol and scope are not compared.
    public func deleteRoute(_ route: KernelRoute) throws(NetlinkError) {
        let request = try routeRequest(type: RTNL.deleteRoute, flags: 0, route: route, deleting: true)
        try acknowledged(request, operation: "delete route \(route)")
    }

    /// Deletes a route if it exists; returns whether it did (`ESRCH` means it did not).
    @discardableResult
    public func deleteRouteIfPresent(_ route: KernelRoute) throws(NetlinkError) -> Bool {
        do {
            try deleteRoute(route)
            return true
        } catch where error.errno == ESRCH || error.errno == ENOENT {
            return false
        }
    }

    /// Routes of one table (main by default), optionally only one family and/or output link;
    /// for reconciling host routes. Multipath routes (no single output link) are skipped when
    /// filtering by link.
    public func routes(
        family: InetAddress.Family? = nil, outputInterfaceIndex: Int32? = nil, table: UInt32 = KernelRoute.mainTable
    ) throws(NetlinkError) -> [KernelRoute] {
        var request = NetlinkRequest(type: RTNL.getRoute, flags: RTNL.flagDump)
        request.appendRouteHeader(
            family: family?.addressFamily ?? 0, destinationLength: 0, table: 0, protocol: 0, scope: 0, type: 0,
            flags: 0)
        return try dump(request, operation: "list routes").compactMap(KernelRoute.init).filter {
            $0.table == table && (outputInterfaceIndex == nil || $0.outputInterfaceIndex == outputInterfaceIndex)
        }
    }

    private func routeRequest(
        type: UInt16, flags: UInt16, route: KernelRoute, deleting: Bool
    ) throws(NetlinkError) -> NetlinkRequest {
        let family = route.destination.family
        for address in [route.gateway, route.preferredSource].compactMap({ $0 }) where address.family != family {
            throw .invalidArgument("route \(route) mixes IPv4 and IPv6")
        }
        var request = NetlinkRequest(type: type, flags: flags)
        request.appendRouteHeader(
            family: family.addressFamily, destinationLength: UInt8(route.destination.prefixLength),
            table: route.table < 256 ? UInt8(route.table) : 0,
            protocol: deleting ? 0 : route.routeProtocol,
            scope: deleting ? RTNL.scopeNowhere : (route.gateway == nil ? RTNL.scopeLink : route.scope),
            type: deleting ? 0 : route.type,
            flags: route.onLink ? RTNL.nextHopOnLink : 0)
        request.addAttribute(RTNL.rtaTable, uint32: route.table)
        if route.destination.prefixLength > 0 {
            request.addAttribute(RTNL.rtaDestination, bytes: route.destination.address.networkOrderBytes)
        }
        if let gateway = route.gateway { request.addAttribute(RTNL.rtaGateway, bytes: gateway.networkOrderBytes) }
        if let index = route.outputInterfaceIndex {
            request.addAttribute(RTNL.rtaOutputInterface, uint32: UInt32(bitPattern: index))
        }
        if let metric = route.metric { request.addAttribute(RTNL.rtaPriority, uint32: metric) }
        if let source = route.preferredSource {
            request.addAttribute(RTNL.rtaPreferredSource, bytes: source.networkOrderBytes)
        }
        return request
    }
}
