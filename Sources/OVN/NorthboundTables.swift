/// The NB tables the typed model covers, for `OVSDBClient(monitoring:)`.
public enum NorthboundTables {
    public static let all: [String: [String]?] = [
        "NB_Global": nil, "Logical_Switch": nil, "Logical_Switch_Port": nil, "Logical_Router": nil,
        "Logical_Router_Port": nil, "Logical_Router_Static_Route": nil, "Logical_Router_Policy": nil, "NAT": nil,
        "Gateway_Chassis": nil, "ACL": nil, "Port_Group": nil, "Address_Set": nil, "Load_Balancer": nil,
    ]
    /// What the controller monitors: `all`, but a switch without its `ports`. The controller
    /// never reads that column, and on a subnet with thousands of pods every port added would
    /// make the replica copy the whole set (the controller benchmark spent 8% of its CPU there).
    public static let controller: [String: [String]?] = all.merging([
        "Logical_Switch": ["name", "acls", "qos_rules", "load_balancer", "load_balancer_group", "dns_records",
                           "forwarding_groups", "other_config", "external_ids", "copp"],
    ]) { _, narrowed in narrowed }
    /// SB tables read by scnet.
    public static let southbound: [String: [String]?] = ["Chassis": nil, "Encap": nil, "Port_Binding": nil]
}
