/// Typed calls per resource, on top of the generic ones.
extension NeutronClient {
    // MARK: Networks

    /// Networks matching `query`; `external: true` adds `router:external=True`.
    public func networks(_ query: NeutronQuery = NeutronQuery(), external: Bool? = nil) async throws -> [Network] {
        var query = query
        if let external { query = query.filter("router:external", external ? "True" : "False") }
        return try await list(Network.self, query: query)
    }

    public func network(id: String) async throws -> Network { try await get(Network.self, id: id) }
    public func createNetwork(_ body: NetworkCreate) async throws -> Network { try await create(Network.self, body) }
    public func deleteNetwork(id: String) async throws { try await delete(Network.self, id: id) }

    // MARK: Subnets

    public func subnets(_ query: NeutronQuery = NeutronQuery()) async throws -> [Subnet] {
        try await list(Subnet.self, query: query)
    }
    public func subnet(id: String) async throws -> Subnet { try await get(Subnet.self, id: id) }
    public func createSubnet(_ body: SubnetCreate) async throws -> Subnet { try await create(Subnet.self, body) }
    public func deleteSubnet(id: String) async throws { try await delete(Subnet.self, id: id) }

    // MARK: Ports

    public func ports(_ query: NeutronQuery = NeutronQuery()) async throws -> [Port] {
        try await list(Port.self, query: query)
    }
    public func port(id: String) async throws -> Port { try await get(Port.self, id: id) }
    public func createPort(_ body: PortCreate) async throws -> Port { try await create(Port.self, body) }
    public func deletePort(id: String) async throws { try await delete(Port.self, id: id) }

    // MARK: Floating IPs

    public func floatingIPs(_ filter: FloatingIPFilter = FloatingIPFilter()) async throws -> [FloatingIP] {
        try await list(FloatingIP.self, query: filter.query)
    }
    public func floatingIP(id: String) async throws -> FloatingIP { try await get(FloatingIP.self, id: id) }
    public func createFloatingIP(_ body: FloatingIPCreate) async throws -> FloatingIP {
        try await create(FloatingIP.self, body)
    }
    /// Associates (`.associate(portID:)`) or disassociates (`.disassociate`) a floating IP.
    public func updateFloatingIP(id: String, _ body: FloatingIPUpdate) async throws -> FloatingIP {
        try await update(FloatingIP.self, id: id, body)
    }
    public func deleteFloatingIP(id: String) async throws { try await delete(FloatingIP.self, id: id) }
}
