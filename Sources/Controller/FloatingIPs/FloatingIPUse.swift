import SCNetAPI

/// One workload asking for a floating IP: a pod's egress SNAT (`ovn.kubernetes.io/snat`, SPEC S11)
/// or a KubeVirt VM's elastic IP (`ovn.kubernetes.io/eip` on the VM template, SPEC S12).
///
/// The controller builds these once the workload's address and logical port exist, and hands
/// ``FloatingIPBinder`` the complete set on every pass:
///
///     let use = FloatingIPUse(workload: "demo/web-0", kind: .snat, address: "172.24.4.30",
///                             logicalIP: "10.16.0.5", logicalPort: "web-0.demo",
///                             router: "neutron-6b1c…", createdAt: pod.metadata.creationTimestamp)
public struct FloatingIPUse: Sendable, Hashable, CustomStringConvertible {
    /// How the floating IP is used, which decides the NAT row.
    public enum Kind: String, Sendable, Hashable {
        /// A pod's outgoing traffic leaves with the floating IP (`snat` row).
        case snat
        /// A VM is reachable on the floating IP both ways (`dnat_and_snat` row).
        case eip
    }

    /// `namespace/name` of the pod (snat) or VirtualMachine (eip).
    public var workload: String
    public var kind: Kind
    /// The floating IP the workload's annotation names.
    public var address: String
    /// The workload's own address (the NAT row's `logical_ip`).
    public var logicalIP: String
    /// The workload's logical switch port (`NorthboundNames.workloadPort`).
    public var logicalPort: String
    /// The Northbound logical router the NAT row goes on (`neutron-<router uuid>`).
    public var router: String
    /// The workload's `metadata.creationTimestamp` (RFC 3339): among several workloads asking for
    /// one floating IP, the oldest wins.
    public var createdAt: String?

    public init(
        workload: String, kind: Kind, address: String, logicalIP: String, logicalPort: String, router: String,
        createdAt: String? = nil
    ) {
        self.workload = workload
        self.kind = kind
        self.address = address
        self.logicalIP = logicalIP
        self.logicalPort = logicalPort
        self.router = router
        self.createdAt = createdAt
    }

    public var namespace: String { workload.split(separator: "/", maxSplits: 1).first.map(String.init) ?? "default" }
    public var name: String {
        let parts = workload.split(separator: "/", maxSplits: 1)
        return parts.count == 2 ? String(parts[1]) : workload
    }

    /// The object using the floating IP, as `Fip.status.usedBy` records it: a Pod for snat, a VirtualMachine for eip.
    public var user: FipUser {
        FipUser(kind: kind == .snat ? Pod.kind : VirtualMachine.kind, namespace: namespace, name: name)
    }

    public var description: String { "\(user) (\(kind.rawValue) \(address))" }
}
