import NetAddress

/// A route on the host: `destination` via `gateway`.
public struct HostRoute: Sendable, Hashable, CustomStringConvertible {
    public var destination: CIDR
    public var gateway: IPAddress
    public init(destination: CIDR, gateway: IPAddress) {
        self.destination = destination
        self.gateway = gateway
    }
    public var description: String { "\(destination) via \(gateway)" }
}

/// What host access needs from the kernel, in the agent's own network namespace: configure the
/// host interface into OVN and keep its routes. ``KernelPlumbing`` is the real one.
public protocol HostLinks: Sendable {
    /// Whether a link of that name exists.
    func linkExists(_ name: String) async throws -> Bool
    /// Brings `name` up with `mtu` and exactly `addresses` (`a/len`) added (others are kept).
    func configure(_ name: String, addresses: [String], mtu: Int) async throws
    /// The routes through `interface` that have a gateway (connected routes are left out).
    func routes(through interface: String) async throws -> [HostRoute]
    func addRoute(_ route: HostRoute, through interface: String) async throws
    func deleteRoute(_ route: HostRoute, through interface: String) async throws
}
