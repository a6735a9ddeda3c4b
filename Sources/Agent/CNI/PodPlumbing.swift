/// What a pod's attachment needs from the kernel: a veth pair whose pod end lives in the pod's
/// network namespace, configured from its ``PodNetwork``. Behind a protocol so the CNI logic
/// can be unit-tested; ``KernelPlumbing`` is the real one (netlink).
public protocol PodPlumbing: Sendable {
    /// Creates the pair: `hostName` in the agent's namespace, `ifName` in `netns` with the
    /// network's MAC, addresses, routes and `mtu`, both ends up. Returns the host end's MAC.
    func attach(hostName: String, netns: String, ifName: String, network: PodNetwork, mtu: Int) async throws -> String
    /// Deletes the host end `hostName` (and with it the pod end); nothing when it does not exist.
    func detach(hostName: String) async throws
    /// Whether the host end exists.
    func hostLinkExists(_ hostName: String) async throws -> Bool
    /// The pod end as the kernel has it: MAC and addresses (`a/len`); `nil` when it is missing.
    func inspect(netns: String, ifName: String) async throws -> (mac: String, addresses: [String])?
}
