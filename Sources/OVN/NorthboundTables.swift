/// The NB tables the typed model covers, for `OVSDBClient(monitoring:)`.
public enum NorthboundTables {
    public static let all: [String: [String]?] = [
        "NB_Global": nil, "Logical_Switch": nil, "Logical_Switch_Port": nil, "Logical_Router": nil,
        "Logical_Router_Port": nil, "Logical_Router_Static_Route": nil, "Logical_Router_Policy": nil, "NAT": nil,
        "Gateway_Chassis": nil, "ACL": nil, "Port_Group": nil, "Address_Set": nil, "Load_Balancer": nil,
    ]
    /// SB tables read by scnet.
    public static let southbound: [String: [String]?] = ["Chassis": nil, "Encap": nil, "Port_Binding": nil]
}
