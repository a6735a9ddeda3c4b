/// A member of the `join` switch the controller keeps (SPEC S5): a node's port (the host's
/// `ovn0`), a VPC router's port, or the switch's isolation policy (port group and ACL).
enum JoinMember: Hashable, Sendable, CustomStringConvertible {
    case node(String)
    case vpc(String)
    case policy

    var description: String {
        switch self {
        case .node(let name): return "node/\(name)"
        case .vpc(let name): return "vpc/\(name)"
        case .policy: return "policy"
        }
    }
}

/// Names and keys of the join network's rows and records.
enum JoinNames {
    /// The port group of every node port: the ACL lets only traffic to or from it cross `join`.
    static let nodePortGroup = "scnet_join_nodes"
    /// A node's logical switch port and `IP` record: `node-<node>` (as Kube-OVN).
    static func nodePort(_ node: String) -> String { "node-\(node)" }
    /// A VPC router's port on `join`: `<vpc>-join`; its switch side `join-<vpc>`; its record `join-<vpc>`.
    static func routerPort(vpc: String, join: String) -> String { "\(vpc)-\(join)" }
    static func switchRouterPort(vpc: String, join: String) -> String { "\(join)-\(vpc)" }
    static func record(vpc: String, join: String) -> String { "\(join)-\(vpc)" }

    /// Ownership kinds of the rows (`scnet/kind`).
    enum Kind {
        static let node = "join-node"
        static let routerPort = "join-router-port"
        static let routerAttachment = "join-router-attachment"
        static let policy = "join-policy"
    }

    /// `external_ids` key naming the node of a node port.
    static let nodeKey = "node"
    /// Label on the join network's `IP` records: `node` or `vpc`.
    static let memberLabel = "scnet.io/join-member"

    /// The only ACL of the join switch, at this priority: drop IP traffic between two ports
    /// neither of which is a node's (router ↔ router), so VPCs cannot reach each other through
    /// `join`; everything to or from a node passes.
    static let isolationPriority = 3000
    static var isolationMatch: String { "ip && inport != @\(nodePortGroup) && outport != @\(nodePortGroup)" }
}
