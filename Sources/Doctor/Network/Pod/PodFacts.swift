import SCNetAPI

/// Everything `scnet doctor pod` learned about one pod, gathered by ``PodFactsGatherer`` (all
/// the I/O) and judged by ``PodChecks`` (none). Tests build these by hand.
public struct PodFacts: Sendable {
    public var namespace: String
    public var name: String
    /// `nil` when the pod does not exist.
    public var pod: Pod?
    /// `nil` when the namespace does not exist.
    public var namespaceObject: Namespace?
    /// Events about the pod, oldest first.
    public var events: [Event]
    /// The subnet the pod belongs to, and why that one.
    public var subnetChoice: SubnetChoice
    /// `nil` when the chosen Subnet does not exist.
    public var subnet: Subnet?
    /// The VPC's OVN router as its Vpc object names it (`status.router`, or `neutron-<spec.neutronRouter>`).
    public var vpcRouter: String?
    /// The pod's `IP` record `<pod>.<ns>`, `nil` when missing.
    public var ipRecord: IP?
    /// The annotations of the KubeVirt VM this pod runs, when it is a launcher pod (for `eip`).
    public var virtualMachineAnnotations: [String: String]?
    public var northbound: Observation<NorthboundFacts>
    public var southbound: Observation<SouthboundFacts>
    /// The pod's node's Open vSwitch, only reachable when the doctor runs on that node.
    public var node: Observation<NodeFacts>
    public var trace: Observation<TraceOutcome>

    public init(
        namespace: String, name: String, pod: Pod?, namespaceObject: Namespace?, events: [Event] = [],
        subnetChoice: SubnetChoice, subnet: Subnet? = nil, ipRecord: IP? = nil,
        virtualMachineAnnotations: [String: String]? = nil,
        northbound: Observation<NorthboundFacts> = .notObserved("not consulted"),
        southbound: Observation<SouthboundFacts> = .notObserved("not consulted"),
        node: Observation<NodeFacts> = .notObserved("not consulted"),
        trace: Observation<TraceOutcome> = .notObserved("not consulted")
    ) {
        self.namespace = namespace
        self.name = name
        self.pod = pod
        self.namespaceObject = namespaceObject
        self.events = events
        self.subnetChoice = subnetChoice
        self.subnet = subnet
        self.ipRecord = ipRecord
        self.virtualMachineAnnotations = virtualMachineAnnotations
        self.northbound = northbound
        self.southbound = southbound
        self.node = node
        self.trace = trace
    }

    /// The name of the pod's logical switch port and `IP` record: `<pod>.<ns>`.
    public var portName: String { "\(name).\(namespace)" }

    /// The logical port the pod's interface binds to: its VM's (`<vm>.<ns>`) for a KubeVirt
    /// launcher pod, else its own.
    public var attachmentPortName: String {
        let vm = pod.flatMap { Label.launchedVM($0.metadata.labels) }
        return vm.map { "\($0).\(namespace)" } ?? portName
    }

    /// The pod's gateway (IPv4 first) from its annotations.
    public var gatewayAddress: String? {
        pod?.metadata.annotations[Annotation.gateway]?.split(separator: ",").first.map(String.init)
    }
}

/// Which Subnet a pod uses and why (its annotation, its namespace's VPC, or the cluster default).
public struct SubnetChoice: Sendable, Equatable {
    public var name: String
    /// `annotation ovn.kubernetes.io/logical_switch`, `Vpc "v1" spec.defaultSubnet`, `the cluster default`.
    public var reason: String
    /// The VPC whose router the subnet hangs off (its `spec.vpc`, else the namespace's VPC, else `ovn-cluster`).
    public var vpc: String

    public init(name: String, reason: String, vpc: String) {
        self.name = name
        self.reason = reason
        self.vpc = vpc
    }

    /// Kube-OVN's choice: the annotation, else the default subnet of the Vpc listing the
    /// namespace in `spec.namespaces`, else `ovn-default`.
    public static func choose(annotations: [String: String], namespace: String, vpcs: [Vpc]) -> SubnetChoice {
        let owner = vpcs.first { $0.spec.namespaces.contains(namespace) }
        if let name = annotations[Annotation.logicalSwitch], !name.isEmpty {
            return SubnetChoice(
                name: name, reason: "annotation \(Annotation.logicalSwitch)", vpc: owner?.metadata.name ?? Defaults.vpc)
        }
        if let owner, let name = owner.spec.defaultSubnet, !name.isEmpty {
            return SubnetChoice(name: name, reason: "Vpc \"\(owner.metadata.name)\" spec.defaultSubnet", vpc: owner.metadata.name)
        }
        return SubnetChoice(name: Defaults.subnet, reason: "the cluster default", vpc: Defaults.vpc)
    }
}

/// The Northbound rows that serve one pod.
public struct NorthboundFacts: Sendable, Equatable {
    /// The logical switch port `<pod>.<ns>`, `nil` when missing.
    public var port: SwitchPortFacts?
    /// The VPC router's port towards the subnet (`<vpc>-<subnet>`), `nil` when missing.
    public var routerPort: RouterPortFacts?
    /// The VPC's logical router, `nil` when it does not exist.
    public var router: String?
    /// The router's NAT rows.
    public var nat: [NATFacts]

    public init(port: SwitchPortFacts? = nil, routerPort: RouterPortFacts? = nil, router: String? = nil, nat: [NATFacts] = []) {
        self.port = port
        self.routerPort = routerPort
        self.router = router
        self.nat = nat
    }
}

/// A `Logical_Switch_Port` and the switch that holds it.
public struct SwitchPortFacts: Sendable, Equatable {
    public var name: String
    /// The `Logical_Switch` whose `ports` include this one (`nil`: none — an orphan row).
    public var switchName: String?
    /// `"<mac> <ip> [<ip>]"` entries.
    public var addresses: [String]
    public var externalIDs: [String: String]

    public init(name: String, switchName: String?, addresses: [String], externalIDs: [String: String] = [:]) {
        self.name = name
        self.switchName = switchName
        self.addresses = addresses
        self.externalIDs = externalIDs
    }
}

/// A `Logical_Router_Port`.
public struct RouterPortFacts: Sendable, Equatable {
    public var name: String
    public var mac: String
    /// CIDRs like `10.0.0.1/24`.
    public var networks: [String]

    public init(name: String, mac: String, networks: [String]) {
        self.name = name
        self.mac = mac
        self.networks = networks
    }
}

/// A `NAT` row of a router.
public struct NATFacts: Sendable, Equatable {
    public var type: String
    public var externalIP: String
    public var logicalIP: String
    public var logicalPort: String?

    public init(type: String, externalIP: String, logicalIP: String, logicalPort: String? = nil) {
        self.type = type
        self.externalIP = externalIP
        self.logicalIP = logicalIP
        self.logicalPort = logicalPort
    }
}

/// What the Southbound database says about the pod's port.
public struct SouthboundFacts: Sendable, Equatable {
    /// The `Port_Binding` of `<pod>.<ns>`, `nil` when ovn-northd has not made one.
    public var binding: PortBindingFacts?

    public init(binding: PortBindingFacts?) { self.binding = binding }
}

/// A `Port_Binding` and the chassis that claimed it.
public struct PortBindingFacts: Sendable, Equatable {
    /// `nil` when no chassis claimed the port.
    public var chassisName: String?
    public var chassisHostname: String?
    public var up: Bool?

    public init(chassisName: String?, chassisHostname: String? = nil, up: Bool? = nil) {
        self.chassisName = chassisName
        self.chassisHostname = chassisHostname
        self.up = up
    }
}

/// What the node's Open vSwitch says about the pod's interface.
public struct NodeFacts: Sendable, Equatable {
    /// The `Interface` with `external_ids:iface-id=<port>`, `nil` when none.
    public var interfaceName: String?
    /// Its `external_ids:ovn-installed` is `true`.
    public var ovnInstalled: Bool
    /// The OpenFlow port OVS gave the device (`nil` or -1: OVS could not open it).
    public var ofport: Int?
    /// OVS's `error` for the interface (e.g. "could not open network device … (No such device)").
    public var error: String?
    /// `link_state` as OVS sees the device: `up` or `down`.
    public var linkState: String?
    /// The pod's network namespace as the agent recorded it (`external_ids:scnet/netns`).
    public var netns: String?
    /// A ping from the pod's namespace to its gateway, when tried.
    public var gatewayPing: GatewayPing?

    /// The outcome of pinging the subnet's gateway from inside the pod.
    public struct GatewayPing: Sendable, Equatable {
        public var gateway: String
        public var answered: Bool
        public var detail: String
        /// `false` when the ping could not be run at all (the namespace could not be entered).
        public var tried: Bool
        public init(gateway: String, answered: Bool, detail: String, tried: Bool = true) {
            self.gateway = gateway
            self.answered = answered
            self.detail = detail
            self.tried = tried
        }
    }

    public init(interfaceName: String?, ovnInstalled: Bool, ofport: Int? = nil, error: String? = nil, linkState: String? = nil,
                netns: String? = nil, gatewayPing: GatewayPing? = nil) {
        self.interfaceName = interfaceName
        self.ovnInstalled = ovnInstalled
        self.ofport = ofport
        self.error = error
        self.linkState = linkState
        self.netns = netns
        self.gatewayPing = gatewayPing
    }
}
