import SCNetAPI

/// The documented fields of scnet's own kinds, for the OpenAPI schemas `kubectl explain` prints.
/// Unknown fields stay allowed (`x-kubernetes-preserve-unknown-fields`): admission, not the
/// schema, decides what is valid.
enum FieldSchemas {
    enum FieldType { case string, boolean, integer, strings, object, objects }

    /// kind → (spec fields, status fields); each field: name, type, description.
    static let fields: [String: (spec: [(String, FieldType, String)], status: [(String, FieldType, String)])] = [
        "Subnet": (
            spec: [
                ("vpc", .string, "The VPC the subnet belongs to; absent means the default VPC ovn-cluster."),
                ("cidrBlock", .string, "The address block: a CIDR, or for dual stack 'v4CIDR,v6CIDR'. Must not overlap any other subnet."),
                ("protocol", .string, "IPv4, IPv6 or Dual; derived from cidrBlock when absent."),
                ("gateway", .string, "The gateway address (per family, comma-separated); default: the first usable address."),
                ("excludeIps", .strings, "Addresses or ranges 'a..b' kept out of automatic allocation; the gateway is always excluded."),
                ("default", .boolean, "Whether this is the default subnet of its VPC."),
                ("namespaces", .strings, "Namespaces whose pods use this subnet by default."),
                ("provider", .string, "The network provider; 'ovn'."),
                ("gatewayType", .string, "Only 'centralized' is supported."),
                ("gatewayNode", .string, "The node hosting the centralized gateway."),
                ("natOutgoing", .boolean, "Whether pods may reach the external network through SNAT."),
                ("private", .boolean, "Whether only allowSubnets may reach this subnet."),
                ("allowSubnets", .strings, "CIDRs allowed to reach a private subnet."),
                ("projectIDs", .strings, "OpenStack projects whose workloads may use the subnet; empty means everyone."),
            ],
            status: [
                ("v4availableIPs", .integer, "IPv4 addresses still free."), ("v4usingIPs", .integer, "IPv4 addresses in use."),
                ("v6availableIPs", .integer, "IPv6 addresses still free."), ("v6usingIPs", .integer, "IPv6 addresses in use."),
                ("conditions", .objects, "Ready and other conditions, with reasons."),
            ]),
        "Vpc": (
            spec: [
                ("neutronRouter", .string, "UUID of the Neutron router backing the VPC (required)."),
                ("externalNetworkID", .string, "UUID of the external network of the router's gateway (required)."),
                ("externalNetworkName", .string, "Informative name of the external network."),
                ("externalGatewayIp", .string, "Default SNAT address of the VPC's pods going out."),
                ("gatewayNode", .string, "Node hosting the centralized gateway; default: the network node."),
                ("gatewayType", .string, "Only 'centralized' is supported."),
                ("namespaces", .strings, "Namespaces whose workloads use this VPC by default."),
                ("defaultSubnet", .string, "The subnet pods of this VPC get when they name none."),
            ],
            status: [
                ("router", .string, "The OVN logical router, neutron-<router uuid>."), ("subnets", .strings, "The VPC's subnets."),
                ("defaultLogicalSwitch", .string, "The default subnet's logical switch."),
                ("joinAddress", .string, "The router's address on the join switch; nodes route the VPC's subnets through it."),
                ("conditions", .objects, "Ready and other conditions."),
            ]),
        "Fip": (
            spec: [
                ("address", .string, "The floating IP address."), ("floatingIPID", .string, "UUID of the Neutron floating IP."),
                ("externalNetworkID", .string, "UUID of its external network."), ("projectID", .string, "The OpenStack project owning it."),
            ],
            status: [
                ("phase", .string, "Available or InUse."), ("usedBy", .object, "The Pod (snat) or VirtualMachine (eip) using it."),
                ("usage", .string, "snat or eip."), ("conditions", .objects, "Conditions with reasons."),
            ]),
        "IP": (
            spec: [
                ("podName", .string, "The pod (or VM) of this NIC."), ("namespace", .string, "Its namespace."),
                ("subnet", .string, "The subnet the addresses come from."), ("nodeName", .string, "The node the pod runs on."),
                ("ipAddress", .string, "The address, or 'v4,v6' for dual stack."), ("v4IpAddress", .string, "The IPv4 address."),
                ("v6IpAddress", .string, "The IPv6 address."), ("macAddress", .string, "The MAC address."),
                ("containerID", .string, "The sandbox container."), ("podType", .string, "Empty for pods, VirtualMachine for KubeVirt VMs."),
            ],
            status: []),
    ]

    static func schema(_ type: FieldType, _ description: String) -> JSONValue {
        var o: [String: JSONValue] = ["description": .string(description)]
        switch type {
        case .string: o["type"] = .string("string")
        case .boolean: o["type"] = .string("boolean")
        case .integer: o["type"] = .string("integer")
        case .strings: o["type"] = .string("array"); o["items"] = .object(["type": .string("string")])
        case .object: o["type"] = .string("object"); o["x-kubernetes-preserve-unknown-fields"] = .bool(true)
        case .objects:
            o["type"] = .string("array")
            o["items"] = .object(["type": .string("object"), "x-kubernetes-preserve-unknown-fields": .bool(true)])
        }
        return .object(o)
    }

    /// The `spec` or `status` schema of `kind`: documented properties when known, free-form otherwise.
    static func part(_ kind: String, status: Bool, description: String) -> JSONValue {
        var o: [String: JSONValue] = ["type": .string("object"), "description": .string(description),
                                      "x-kubernetes-preserve-unknown-fields": .bool(true)]
        if let known = fields[kind] {
            let list = status ? known.status : known.spec
            o["properties"] = .object(Dictionary(uniqueKeysWithValues: list.map { ($0.0, schema($0.1, $0.2)) }))
        }
        return .object(o)
    }
}
