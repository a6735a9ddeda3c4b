/// Router calls: gateway and interfaces.
extension NeutronClient {
    public func routers(_ query: NeutronQuery = NeutronQuery()) async throws -> [Router] {
        try await list(Router.self, query: query)
    }
    public func router(id: String) async throws -> Router { try await get(Router.self, id: id) }
    public func createRouter(_ body: RouterCreate) async throws -> Router { try await create(Router.self, body) }
    public func deleteRouter(id: String) async throws { try await delete(Router.self, id: id) }

    /// Sets the router's gateway on an external network, or removes it (`nil`).
    public func setRouterGateway(routerID: String, _ gateway: ExternalGatewayInfo?) async throws -> Router {
        struct Body: Encodable, Sendable {
            var gateway: ExternalGatewayInfo?
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Key.self)
                if let gateway {
                    try c.encode(gateway, forKey: "external_gateway_info")
                } else {
                    try c.encode([String: String](), forKey: "external_gateway_info")  // {} clears it
                }
            }
        }
        return try await update(Router.self, id: routerID, Body(gateway: gateway))
    }

    /// What a router interface is made from.
    public enum InterfaceTarget: Sendable, Equatable {
        /// A new port holding the subnet's gateway IP.
        case subnet(String)
        /// An existing port.
        case port(String)
    }

    /// Attaches a subnet (or port) to the router. Not retried after it may have reached
    /// Neutron: a repeat would fail with "Router already has a port on subnet".
    public func addRouterInterface(routerID: String, _ target: InterfaceTarget) async throws -> RouterInterface {
        try await routerInterface("add_router_interface", routerID: routerID, target)
    }

    /// Detaches a subnet (or port) from the router.
    @discardableResult
    public func removeRouterInterface(routerID: String, _ target: InterfaceTarget) async throws -> RouterInterface {
        try await routerInterface("remove_router_interface", routerID: routerID, target)
    }

    private func routerInterface(
        _ action: String, routerID: String, _ target: InterfaceTarget
    ) async throws -> RouterInterface {
        let body: [String: String]
        switch target {
        case .subnet(let id): body = ["subnet_id": id]
        case .port(let id): body = ["port_id": id]
        }
        let path = "routers/\(percentEncode(routerID))/\(action)"
        let data = try await transport.send(.PUT, path, body: try encode(body), idempotent: false)
        return try decode(data, request: "PUT /v2.0/\(path)")
    }
}
