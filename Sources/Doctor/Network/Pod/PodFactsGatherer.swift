import OVN
import OVSDB
import SCNetAPI

/// Gathers ``PodFacts`` from the Kubernetes API, the OVN Northbound and Southbound databases,
/// the local Open vSwitch (when given) and `ovn-trace` — every call bounded by the deadline.
/// Judging the facts is ``PodChecks``' job.
///
///     let facts = try await PodFactsGatherer(configuration: config).gather(namespace: "ns1", name: "web-0")
///     print(PodChecks.report(facts).text)
public struct PodFactsGatherer: Sendable {
    public let configuration: DoctorConfiguration

    public init(configuration: DoctorConfiguration) { self.configuration = configuration }

    static let northboundTables: [String: [String]?] = [
        LogicalSwitch.table: ["name", "ports"], LogicalSwitchPort.table: ["name", "addresses", "external_ids"],
        LogicalRouter.table: ["name", "ports", "nat"], LogicalRouterPort.table: ["name", "mac", "networks"],
        NAT.table: ["type", "external_ip", "logical_ip", "logical_port", "external_ids"],
    ]
    static let southboundTables: [String: [String]?] = [
        PortBinding.table: ["logical_port", "chassis", "up"], Chassis.table: ["name", "hostname"],
    ]

    /// Throws ``DoctorError`` when the API or a given OVN database cannot be reached.
    public func gather(namespace: String, name: String) async throws -> PodFacts {
        let kube = try KubeAccess.open(kubeconfig: configuration.kubeconfig, deadline: configuration.deadline)
        do {
            var facts = try await gatherFromAPI(kube, namespace: namespace, name: name)
            await kube.shutdown()
            try await gatherFromOVN(&facts)
            return facts
        } catch {
            await kube.shutdown()
            throw error
        }
    }

    func gatherFromAPI(_ kube: KubeAccess, namespace: String, name: String) async throws -> PodFacts {
        let pod = try await kube.get(Pod.self, name: name, namespace: namespace)
        let ns = try await kube.get(Namespace.self, name: namespace)
        let events = PodReport.eventsAbout(pod: name, in: try await kube.list(Event.self, namespace: namespace))
        let vpcs = try await kube.listIfServed(Vpc.self)
        let choice = SubnetChoice.choose(annotations: pod?.metadata.annotations ?? [:], namespace: namespace, vpcs: vpcs)
        var facts = PodFacts(namespace: namespace, name: name, pod: pod, namespaceObject: ns, events: events,
                             subnetChoice: choice)
        guard pod != nil else { return facts }
        facts.subnet = try await kube.get(Subnet.self, name: choice.name)
        if let subnetVPC = facts.subnet?.spec.vpc { facts.subnetChoice.vpc = subnetVPC }
        facts.ipRecord = try await kube.get(IP.self, name: facts.portName)
        if let vmName = pod.flatMap({ Label.launchedVM($0.metadata.labels) }),
           let vm = try? await kube.get(VirtualMachine.self, name: vmName, namespace: namespace) {
            facts.virtualMachineAnnotations = vm.templateAnnotations
        }
        facts.vpcRouter = vpcs.first { $0.metadata.name == facts.subnetChoice.vpc }.flatMap(Self.routerName)
        return facts
    }

    /// The VPC's OVN router as the Vpc reports it (`status.router`), else Neutron's name for its router.
    static func routerName(_ vpc: Vpc) -> String? {
        vpc.status?.router ?? vpc.spec.neutronRouter.map(NorthboundNames.neutronRouter)
    }

    func gatherFromOVN(_ facts: inout PodFacts) async throws {
        guard facts.pod != nil else { return }
        let deadline = configuration.deadline
        if let nb = configuration.northbound {
            let snapshot = try await DatabaseSnapshot.read(
                nb, database: "OVN_Northbound", component: "OVN Northbound", tables: Self.northboundTables, deadline: deadline)
            facts.northbound = .observed(Self.northboundFacts(snapshot.replica, facts: facts))
        } else {
            facts.northbound = .notObserved("no --nb given (nor SCNET_OVN_NB)")
        }
        if let sb = configuration.southbound {
            let snapshot = try await DatabaseSnapshot.read(
                sb, database: "OVN_Southbound", component: "OVN Southbound", tables: Self.southboundTables, deadline: deadline)
            facts.southbound = .observed(Self.southboundFacts(snapshot.replica, port: facts.portName))
        } else {
            facts.southbound = .notObserved("no --sb given (nor SCNET_OVN_SB)")
        }
        if let ovs = configuration.ovs {
            let snapshot = try await DatabaseSnapshot.read(
                ovs, database: "Open_vSwitch", component: "Open vSwitch",
                tables: ["Interface": ["name", "external_ids", "ofport", "error", "link_state"]], deadline: deadline)
            var node = Self.nodeFacts(snapshot.replica, port: facts.attachmentPortName)
            if let netns = node.netns, let gateway = facts.gatewayAddress {
                node.gatewayPing = await GatewayPinger.ping(gateway, fromNetns: netns, deadline: deadline)
            }
            facts.node = .observed(node)
        } else {
            facts.node = .notObserved(
                "only checkable on the pod's node \(facts.pod?.nodeName ?? "?"): run the doctor there with "
                    + "--ovs unix:/var/run/openvswitch/db.sock")
        }
        facts.trace = await trace(facts)
    }

    func trace(_ facts: PodFacts) async -> Observation<TraceOutcome> {
        guard let sb = configuration.southbound else { return .notObserved("ovn-trace needs --sb (or SCNET_OVN_SB)") }
        guard OVNTraceRunner.executable != nil else { return .notObserved("ovn-trace is not installed here") }
        switch TraceRequest.plan(facts) {
        case .failure(let why): return .notObserved("cannot trace: \(why.reason)")
        case .success(let request):
            return .observed(await OVNTraceRunner.run(request, southbound: sb, deadline: configuration.deadline))
        }
    }

    // MARK: Reading the replicas (pure)

    static func northboundFacts(_ replica: Replica, facts: PodFacts) -> NorthboundFacts {
        let switches = replica.all(LogicalSwitch.self)
        var result = NorthboundFacts()
        if let port = replica.named(LogicalSwitchPort.self, facts.portName) {
            result.port = SwitchPortFacts(
                name: port.name, switchName: switches.first { $0.ports.contains(port.uuid) }?.name,
                addresses: port.addresses, externalIDs: port.externalIDs)
        }
        let routerPortName = OVNNaming.routerPort(facts)
        let routerPort = replica.named(LogicalRouterPort.self, routerPortName)
        if let routerPort {
            result.routerPort = RouterPortFacts(name: routerPort.name, mac: routerPort.mac, networks: routerPort.networks)
        }
        let routers = replica.all(LogicalRouter.self)
        // The router holding the subnet's router port, else the one the Vpc names, else one named like the VPC.
        let router = routers.first { r in routerPort.map { r.ports.contains($0.uuid) } ?? false }
            ?? facts.vpcRouter.flatMap { hint in routers.first { $0.name == hint } }
            ?? routers.first { $0.name == OVNNaming.vpc(facts) }
        if let router {
            result.router = router.name
            result.nat = router.nat.compactMap { replica.row(NAT.self, uuid: $0) }.map {
                NATFacts(type: $0.type, externalIP: $0.externalIP, logicalIP: $0.logicalIP, logicalPort: $0.logicalPort)
            }
        }
        return result
    }

    static func southboundFacts(_ replica: Replica, port: String) -> SouthboundFacts {
        guard let binding = replica.all(PortBinding.self).first(where: { $0.logicalPort == port }) else {
            return SouthboundFacts(binding: nil)
        }
        let chassis = binding.chassis.flatMap { replica.row(Chassis.self, uuid: $0) }
        return SouthboundFacts(binding: PortBindingFacts(
            chassisName: chassis?.name ?? binding.chassis, chassisHostname: chassis?.hostname, up: binding.up))
    }

    static func nodeFacts(_ replica: Replica, port: String) -> NodeFacts {
        for (_, row) in replica.rows("Interface") {
            let ids = row["external_ids"]?.stringMap ?? [:]
            guard ids["iface-id"] == port else { continue }
            return NodeFacts(
                interfaceName: row["name"]?.single?.stringValue ?? "?", ovnInstalled: ids["ovn-installed"] == "true",
                ofport: row["ofport"]?.single?.integerValue, error: row["error"]?.single?.stringValue,
                linkState: row["link_state"]?.single?.stringValue, netns: ids["scnet/netns"])
        }
        return NodeFacts(interfaceName: nil, ovnInstalled: false)
    }
}
