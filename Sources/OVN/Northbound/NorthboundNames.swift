/// The names scnet gives Northbound rows, shared by the controller (which creates them) and the
/// doctor (which looks for them). They follow Kube-OVN where Kube-OVN has a convention.
public enum NorthboundNames {
    /// The logical router ML2/OVN creates for a Neutron router: `neutron-<router uuid>`.
    public static func neutronRouter(_ routerID: String) -> String { "neutron-\(routerID)" }

    /// A Subnet's logical switch: the Subnet's name (as Kube-OVN).
    public static func subnetSwitch(_ subnet: String) -> String { subnet }

    /// The router port attaching `subnet` to `vpc`'s router: `<vpc>-<subnet>` (as Kube-OVN).
    public static func routerPort(vpc: String, subnet: String) -> String { "\(vpc)-\(subnet)" }

    /// The switch side of that attachment: `<subnet>-<vpc>` (as Kube-OVN).
    public static func switchRouterPort(vpc: String, subnet: String) -> String { "\(subnet)-\(vpc)" }

    /// A pod's (or a KubeVirt VM's) port: `<name>.<namespace>`, the name of its `IP` record too.
    public static func workloadPort(name: String, namespace: String) -> String { "\(name).\(namespace)" }

    /// The SNAT row giving a `natOutgoing` subnet its way out: named after the subnet.
    public static func subnetSNAT(_ subnet: String) -> String { "snat-\(subnet)" }

    /// The NAT row of a workload's floating IP (`snat` for pods, `dnat_and_snat` for VMs).
    public static func floatingIPNAT(port: String) -> String { "fip-\(port)" }

    /// Ownership kinds (`scnet/kind` in `external_ids`).
    public enum Kind {
        public static let subnet = "subnet"
        public static let routerPort = "router-port"
        public static let routerAttachment = "router-attachment"
        public static let pod = "pod"
        public static let virtualMachine = "vm"
        public static let subnetSNAT = "subnet-snat"
        public static let floatingIP = "fip"
        public static let gatewayChassis = "gateway-chassis"
    }

    /// Extra `external_ids` keys on our rows: which Kubernetes object a row serves.
    public enum Key {
        /// `namespace/name` of the pod or VM owning a port or NAT row.
        public static let workload = "pod"
        /// The Subnet of a port.
        public static let subnet = "ls"
        /// The Vpc of a switch or router port.
        public static let vpc = "vpc"
    }
}
