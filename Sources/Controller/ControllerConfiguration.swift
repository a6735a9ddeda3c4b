import Foundation

/// What the controller needs to know that the Kubernetes API does not say: where OVN and
/// Neutron are, and the default VPC and subnet (SPEC S15: `ovn-cluster` / `ovn-default`).
public struct ControllerConfiguration: Sendable {
    /// The default VPC `ovn-cluster`: its Neutron router and external network.
    public struct DefaultNetwork: Sendable, Hashable {
        public var neutronRouter: String
        public var externalNetworkID: String
        /// The default subnet `ovn-default`'s CIDR block (`a` or `v4,v6`).
        public var cidrBlock: String
        public var natOutgoing: Bool

        public init(neutronRouter: String, externalNetworkID: String, cidrBlock: String = "10.16.0.0/16", natOutgoing: Bool = true) {
            self.neutronRouter = neutronRouter
            self.externalNetworkID = externalNetworkID
            self.cidrBlock = cidrBlock
            self.natOutgoing = natOutgoing
        }
    }

    /// OVN Northbound addresses (`unix:…`, `tcp:…`; several for a RAFT cluster), comma-separated.
    public var northbound: String
    /// OVN Southbound addresses, for chassis lookups (gateway node → chassis).
    public var southbound: String?
    /// Creates `ovn-cluster` and `ovn-default` when they do not exist.
    public var defaultNetwork: DefaultNetwork?
    /// How often every object is reconciled again even without a change (X4).
    public var resyncInterval: Duration
    /// Reconcilers running concurrently per kind.
    public var workersPerKind: Int
    /// The Neutron tag marking floating IPs of the container pool (SPEC S10).
    public var floatingIPPoolTag: String
    /// How often the floating IP pool is listed from Neutron.
    public var floatingIPSyncInterval: Duration
    /// Where `/metrics` listens (`nil`: no listener).
    public var metricsAddress: (host: String, port: Int)?
    /// The `join` subnet's CIDR (SPEC S5: nodes reach every VPC through it); created in the
    /// default VPC when missing. `nil`: no join network (no host access to pods).
    public var joinCIDR: String?
    /// The `join` subnet's name (as Kube-OVN).
    public var joinSubnet: String

    public init(
        northbound: String, southbound: String? = nil, defaultNetwork: DefaultNetwork? = nil,
        resyncInterval: Duration = .seconds(30), workersPerKind: Int = 32, floatingIPPoolTag: String = "scnet-pool",
        floatingIPSyncInterval: Duration = .seconds(10), metricsAddress: (host: String, port: Int)? = nil,
        joinCIDR: String? = "100.64.0.0/16", joinSubnet: String = "join"
    ) {
        self.joinCIDR = joinCIDR
        self.joinSubnet = joinSubnet
        self.northbound = northbound
        self.southbound = southbound
        self.defaultNetwork = defaultNetwork
        self.resyncInterval = resyncInterval
        self.workersPerKind = workersPerKind
        self.floatingIPPoolTag = floatingIPPoolTag
        self.floatingIPSyncInterval = floatingIPSyncInterval
        self.metricsAddress = metricsAddress
    }
}
