/// What one node's agent needs to know: who it is, where its Open vSwitch is, where the CNI
/// plugin finds it, and how this node joins OVN.
public struct AgentConfiguration: Sendable {
    /// How this node's Open vSwitch registers with OVN (`Open_vSwitch` `external_ids` that
    /// `ovn-controller` reads).
    public struct Chassis: Sendable, Equatable {
        /// `system-id`: the chassis name in the Southbound database (default: the node name).
        public var systemID: String
        /// `ovn-remote`: the Southbound database (`unix:…`, `tcp:…`, comma-separated).
        public var southbound: String
        /// `ovn-encap-ip`: this node's tunnel endpoint.
        public var encapIP: String
        /// `ovn-bridge-mappings`: physical network → bridge (e.g. `physnet1` → `br-ex`).
        public var bridgeMappings: [String: String]
        /// Whether this node may host a VPC's centralized gateway (`ovn-cms-options=enable-chassis-as-gw`).
        public var gatewayCapable: Bool
        /// The integration bridge `ovn-controller` creates and manages.
        public var integrationBridge: String = "br-int"
        /// `netdev` (userspace datapath, no kernel module) or `system` (the kernel's).
        public var datapathType: String = "netdev"

        public init(systemID: String, southbound: String, encapIP: String = "127.0.0.1",
                    bridgeMappings: [String: String] = [:], gatewayCapable: Bool = false) {
            self.systemID = systemID
            self.southbound = southbound
            self.encapIP = encapIP
            self.bridgeMappings = bridgeMappings
            self.gatewayCapable = gatewayCapable
        }

        /// The `external_ids` this chassis sets on the `Open_vSwitch` row.
        public var externalIDs: [String: String] {
            var ids = [
                "system-id": systemID, "hostname": systemID, "ovn-remote": southbound, "ovn-encap-type": "geneve",
                "ovn-encap-ip": encapIP, "ovn-bridge": integrationBridge, "ovn-bridge-datapath-type": datapathType,
            ]
            if !bridgeMappings.isEmpty {
                ids["ovn-bridge-mappings"] = bridgeMappings.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
            }
            if gatewayCapable { ids["ovn-cms-options"] = "enable-chassis-as-gw" }
            return ids
        }
    }

    /// The Kubernetes node this agent serves.
    public var nodeName: String
    /// The local Open vSwitch database (`unix:/var/run/openvswitch/db.sock`).
    public var ovsDatabase: String
    /// The unix socket `scnet-cni` calls.
    public var socketPath: String
    /// The integration bridge `ovn-controller` manages.
    public var integrationBridge: String
    /// MTU of pod interfaces (Geneve costs 58 bytes of a 1500-byte underlay: 1400 leaves room).
    public var mtu: Int
    /// `nil`: the chassis is configured by someone else (the agent only reads it).
    public var chassis: Chassis?
    /// How long ADD waits for the controller's annotations on the pod.
    public var annotationTimeout: Duration
    /// How long ADD waits for `ovn-installed` on the interface.
    public var installTimeout: Duration
    /// The host's interface into OVN's `join` switch (`ovn0`, as Kube-OVN); `nil`: no host access.
    public var hostInterface: String?
    /// Create the `Node` object when it does not exist (single-machine mode, where no kubelet does).
    public var registerNode: Bool
    /// The node's network namespace (a path such as `/run/netns/NAME`), when it is not the
    /// agent's own: host veth ends, `ovn0` and host routes are made there. Lets one machine
    /// hold several nodes, each with its own Open vSwitch in a namespace.
    public var hostNetns: String?

    public init(
        nodeName: String, ovsDatabase: String, socketPath: String = "/run/scnet/cni.sock", integrationBridge: String = "br-int",
        mtu: Int = 1400, chassis: Chassis? = nil, annotationTimeout: Duration = .seconds(30),
        installTimeout: Duration = .seconds(10), hostInterface: String? = "ovn0", registerNode: Bool = false,
        hostNetns: String? = nil
    ) {
        self.hostNetns = hostNetns
        self.nodeName = nodeName
        self.ovsDatabase = ovsDatabase
        self.socketPath = socketPath
        self.integrationBridge = integrationBridge
        self.mtu = mtu
        self.chassis = chassis
        self.annotationTimeout = annotationTimeout
        self.installTimeout = installTimeout
        self.hostInterface = hostInterface
        self.registerNode = registerNode
    }
}
