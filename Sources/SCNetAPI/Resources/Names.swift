/// Annotation keys on pods and VM templates, as Kube-OVN names them (`ovn.kubernetes.io/*`).
public enum Annotation {
    /// The subnet a pod asks for.
    public static let logicalSwitch = "ovn.kubernetes.io/logical_switch"
    /// A static address (`a` or `a,b` for dual stack); written back by the controller.
    public static let ipAddress = "ovn.kubernetes.io/ip_address"
    /// A static MAC address; written back by the controller.
    public static let macAddress = "ovn.kubernetes.io/mac_address"
    /// Egress SNAT through a floating IP (SPEC S11).
    public static let snat = "ovn.kubernetes.io/snat"
    /// Elastic IP (DNAT+SNAT) of a KubeVirt VM, on its template (SPEC S12).
    public static let eip = "ovn.kubernetes.io/eip"
    // Written by the controller once the pod's network is ready.
    public static let allocated = "ovn.kubernetes.io/allocated"
    public static let cidr = "ovn.kubernetes.io/cidr"
    public static let gateway = "ovn.kubernetes.io/gateway"
    public static let logicalRouter = "ovn.kubernetes.io/logical_router"
    public static let routed = "ovn.kubernetes.io/routed"
    // On Nodes: the node's port on the join switch (`node-<node>`, by the controller) and the
    // chassis (`system-id`) of its Open vSwitch (by the agent).
    public static let portName = "ovn.kubernetes.io/port_name"
    public static let chassis = "ovn.kubernetes.io/chassis"

    /// Every `ovn.kubernetes.io/*` key scnet reads from users.
    public static let userSettable: [String] = [logicalSwitch, ipAddress, macAddress, snat, eip]
}

/// Label keys scnet reads.
public enum Label {
    /// Namespaces opt in with `managed.es.io/resource: namespace` (SPEC S16).
    public static let managedResource = "managed.es.io/resource"
    public static let managedResourceNamespace = "namespace"
    /// The OpenStack project a namespace belongs to (SPEC S13).
    public static let projectID = "managed.es.io/project-id"
    /// The labels KubeVirt puts on a VM's launcher pod naming its VM, most specific first
    /// (`kubevirt.io/vm` on older releases). The one list every part of scnet reads.
    public static let launcherVMName = ["vm.kubevirt.io/name", "kubevirt.io/domain", "kubevirt.io/vm"]

    /// The VM a launcher pod runs, from its labels; `nil` for any other pod.
    public static func launchedVM(_ labels: [String: String]) -> String? {
        launcherVMName.lazy.compactMap { labels[$0] }.first { !$0.isEmpty }
    }
}

/// Names of the defaults Kube-OVN users expect.
public enum Defaults {
    public static let vpc = "ovn-cluster"
    public static let subnet = "ovn-default"
    public static let provider = "ovn"
    public static let gatewayType = "centralized"
    /// The finalizer scnet puts on objects whose deletion must wait for cleanup.
    public static let finalizer = "scnet.io/finalizer"
}
