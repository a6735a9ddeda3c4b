import SCNetAPI

/// The judgement of `scnet doctor pod`: pure functions from ``PodFacts`` to check lines, one per
/// hop of the pod's network (namespace → subnet → IP record → NB port → SB binding → node →
/// NAT → trace), each naming what it found and, when it fails, what to try.
public enum PodChecks {
    public static func report(_ facts: PodFacts) -> PodReport {
        PodReport(
            pod: "\(facts.namespace)/\(facts.name)", phase: facts.pod?.phase, node: facts.pod?.nodeName,
            containers: facts.pod.map(ContainerSummary.of) ?? [], events: PodReport.eventLines(facts.events),
            checks: run(facts))
    }

    public static func run(_ facts: PodFacts) -> [CheckResult] {
        guard let pod = facts.pod else {
            return [.fail("pod", "Pod \(facts.namespace)/\(facts.name) does not exist",
                          fix: "kubectl get pods -n \(facts.namespace)")]
        }
        var results = [phase(pod)] + ContainerSummary.of(pod).map(container)
        let ns = namespace(facts)
        results.append(ns)
        let network: [CheckResult]
        if ns.status == .fail {
            network = skipped("the namespace is not handled by scnet")
        } else if pod.hostNetwork {
            network = skipped("a hostNetwork pod uses its node's network")
        } else {
            network = [subnet(facts), ipRecord(facts), port(facts), binding(facts), ovnInstalled(facts), veth(facts),
                       gatewayPing(facts), nat(facts), trace(facts)]
        }
        return results + network
    }

    static let networkChecks = ["subnet", "ip", "port", "binding", "ovn-installed", "veth", "gateway-ping", "nat", "trace"]

    static func skipped(_ reason: String) -> [CheckResult] { networkChecks.map { .skip($0, reason) } }

    // MARK: The pod itself

    static func phase(_ pod: Pod) -> CheckResult {
        let phase = pod.phase ?? "unknown"
        let where_ = pod.nodeName.map { " on node \($0)" } ?? " (not scheduled)"
        if phase == "Failed" {
            let reason = pod.status["reason"]?.stringValue, message = pod.status["message"]?.stringValue
            let why = [reason, message].compactMap { $0 }.joined(separator: ": ")
            return .fail("pod", "phase Failed\(where_)\(why.isEmpty ? "" : " — \(why)")",
                         fix: "see the container states and Events above")
        }
        return .ok("pod", "phase \(phase)\(where_)")
    }

    /// Waiting reasons that mean the container cannot start on its own.
    static let failingWaitReasons: Set<String> = [
        "CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerError",
        "CreateContainerConfigError", "RunContainerError", "PreStartHookError", "PostStartHookError",
    ]

    static func container(_ c: ContainerSummary) -> CheckResult {
        let check = "container \(c.name)"
        let logs = "kubectl logs --previous -c \(c.name) …; check the command, args and image"
        if let state = c.state, state.kind == "terminated", let code = state.exitCode, code != 0 {
            return .fail(check, state.text, fix: exitCodeHint(code) ?? logs)
        }
        if let state = c.state, state.kind == "waiting", let reason = state.reason, failingWaitReasons.contains(reason) {
            var detail = state.text
            var fix = logs
            if let last = c.lastState, last.kind == "terminated" {
                detail += "; last: \(last.text)"
                if let code = last.exitCode, let hint = exitCodeHint(code) { fix = hint }
            }
            if reason.contains("Image") { fix = "check the image name and that the node can pull it" }
            return .fail(check, detail, fix: fix)
        }
        var detail = c.state?.text ?? "no state reported yet"
        if let last = c.lastState, c.restartCount > 0 { detail += "; restarted \(c.restartCount)x, last: \(last.text)" }
        return .ok(check, detail)
    }

    /// What a shell's exit code usually means.
    static func exitCodeHint(_ code: Int) -> String? {
        switch code {
        case 126: return "exit code 126: the command was found but is not executable — check its mode and the image"
        case 127: return "exit code 127: the command was not found — check the container's command/args and the image's PATH"
        case 137: return "exit code 137: killed by SIGKILL, often the OOM killer — check memory limits (kubectl describe pod)"
        case 139: return "exit code 139: segmentation fault in the program"
        case 143: return "exit code 143: stopped by SIGTERM"
        default: return nil
        }
    }

    // MARK: The network, hop by hop

    static func namespace(_ facts: PodFacts) -> CheckResult {
        guard let ns = facts.namespaceObject else {
            return .fail("namespace", "Namespace \"\(facts.namespace)\" does not exist")
        }
        guard ns.isManaged else {
            return .fail(
                "namespace",
                "Namespace \"\(facts.namespace)\" has no label \(Label.managedResource)=\(Label.managedResourceNamespace): "
                    + "scnet does not handle this pod's network",
                fix: "kubectl label namespace \(facts.namespace) \(Label.managedResource)=\(Label.managedResourceNamespace), "
                    + "then recreate the pod")
        }
        return .ok("namespace", "Namespace \"\(facts.namespace)\" is managed by scnet")
    }

    static func subnet(_ facts: PodFacts) -> CheckResult {
        let choice = facts.subnetChoice
        guard let subnet = facts.subnet else {
            return .fail("subnet", "Subnet \"\(choice.name)\" (from \(choice.reason)) does not exist",
                         fix: "create Subnet \"\(choice.name)\", or point \(Annotation.logicalSwitch) at an existing Subnet")
        }
        let describe = "Subnet \"\(choice.name)\" \(subnet.spec.cidrBlock ?? "") (from \(choice.reason))"
        guard let ready = subnet.status?.conditions[type: "Ready"] else {
            return .fail("subnet", "\(describe) has no Ready condition: the controller has not reconciled it",
                         fix: "is scnet's controller running? kubectl describe subnet \(choice.name)")
        }
        guard ready.isTrue else {
            let why = [ready.reason, ready.message].compactMap { $0 }.joined(separator: ": ")
            return .fail("subnet", "\(describe) is not Ready\(why.isEmpty ? "" : ": \(why)")",
                         fix: "kubectl describe subnet \(choice.name) (its Events say why)")
        }
        return .ok("subnet", "\(describe) is Ready")
    }

    static func ipRecord(_ facts: PodFacts) -> CheckResult {
        let name = facts.portName
        guard let record = facts.ipRecord else {
            return .fail("ip", "IP record \"\(name)\" does not exist: no address was allocated to the pod",
                         fix: "kubectl describe pod -n \(facts.namespace) \(facts.name) (the controller's Events) and its logs")
        }
        let annotations = facts.pod?.metadata.annotations ?? [:]
        let addresses = PortAddresses.addresses(of: record.spec) ?? ""
        let mac = record.spec.macAddress ?? ""
        var problems: [String] = []
        if annotations[Annotation.allocated] != "true" {
            problems.append("the pod lacks \(Annotation.allocated)=true")
        }
        if let annotated = annotations[Annotation.ipAddress],
           PortAddresses.addressSet(PortAddresses.split(annotated)) != PortAddresses.addressSet(PortAddresses.split(addresses)) {
            problems.append("pod annotation \(Annotation.ipAddress)=\(annotated) but the record has \(addresses)")
        }
        if let annotated = annotations[Annotation.macAddress], annotated.lowercased() != mac.lowercased() {
            problems.append("pod annotation \(Annotation.macAddress)=\(annotated) but the record has \(mac)")
        }
        if let subnet = record.spec.subnet, subnet != facts.subnetChoice.name {
            problems.append("the record is on Subnet \"\(subnet)\", the pod on \"\(facts.subnetChoice.name)\"")
        }
        guard problems.isEmpty else {
            return .fail("ip", "IP record \"\(name)\": " + problems.joined(separator: "; "),
                         fix: "the controller has not finished the pod (or two writers disagree); check its Events and logs")
        }
        return .ok("ip", "IP record \"\(name)\": \(addresses) \(mac)")
    }

    static func port(_ facts: PodFacts) -> CheckResult {
        let name = facts.portName
        let northbound: NorthboundFacts
        switch facts.northbound {
        case .notObserved(let why): return .skip("port", why)
        case .observed(let nb): northbound = nb
        }
        guard let port = northbound.port else {
            return .fail("port", "logical switch port \"\(name)\" does not exist in NB",
                         fix: "the controller has not created it, or it was deleted: check the controller's logs (it recreates it on resync)")
        }
        guard let switchName = port.switchName else {
            return .fail("port", "logical switch port \"\(name)\" is on no logical switch",
                         fix: "an orphaned row: delete it and let the controller recreate the port")
        }
        guard switchName == facts.subnetChoice.name else {
            return .fail("port", "logical switch port \"\(name)\" is on switch \"\(switchName)\", not \"\(facts.subnetChoice.name)\"",
                         fix: "the pod moved subnet: delete the pod so it is recreated on the right one")
        }
        if let record = facts.ipRecord {
            let matches = PortAddresses(port.addresses)?.matches(
                mac: record.spec.macAddress, addresses: PortAddresses.addresses(of: record.spec)) ?? false
            if !matches {
                return .fail("port", "logical switch port \"\(name)\" has addresses \(port.addresses) but IP record says "
                                + "\"\(record.spec.macAddress ?? "?") \(PortAddresses.addresses(of: record.spec) ?? "?")\"",
                             fix: "the controller rewrites the port on resync; check its logs")
            }
        }
        return .ok("port", "logical switch port \"\(name)\" on switch \"\(switchName)\" with \(port.addresses.joined(separator: ", "))")
    }

    static func binding(_ facts: PodFacts) -> CheckResult {
        let name = facts.portName
        let southbound: SouthboundFacts
        switch facts.southbound {
        case .notObserved(let why): return .skip("binding", why)
        case .observed(let sb): southbound = sb
        }
        guard let binding = southbound.binding else {
            let portExists = facts.northbound.facts?.port != nil
            return .fail("binding", "no Port_Binding \"\(name)\" in SB",
                         fix: portExists ? "ovn-northd has not translated the NB port: is ovn-northd running and connected to NB and SB?"
                            : "the NB port is missing (see the port line)")
        }
        let node = facts.pod?.nodeName
        guard let chassis = binding.chassisName else {
            return .fail("binding", "Port_Binding \"\(name)\" is not bound to any chassis",
                         fix: "ovn-controller on node \(node ?? "?") has not claimed it: is the pod's interface plugged with "
                            + "external_ids:iface-id=\(name) (CNI), and is ovn-controller running there?")
        }
        let hostname = binding.chassisHostname ?? ""
        let onChassis = "chassis \"\(chassis)\"\(hostname.isEmpty ? "" : " (host \(hostname))")"
        if let node, node != chassis, node != hostname {
            return .fail("binding", "Port_Binding \"\(name)\" is bound to \(onChassis), but the pod runs on node \(node)",
                         fix: "a stale claim from an old node: restart ovn-controller on \(hostname.isEmpty ? chassis : hostname)")
        }
        return .ok("binding", "Port_Binding \"\(name)\" is bound to \(onChassis)")
    }

    static func ovnInstalled(_ facts: PodFacts) -> CheckResult {
        let node: NodeFacts
        switch facts.node {
        case .notObserved(let why): return .skip("ovn-installed", why)
        case .observed(let n): node = n
        }
        guard let interface = node.interfaceName else {
            return .fail("ovn-installed", "no OVS Interface with external_ids:iface-id=\(facts.attachmentPortName) on this node",
                         fix: "the CNI has not plugged the pod's interface into br-int: check the CNI's log")
        }
        guard node.ovnInstalled else {
            return .fail("ovn-installed", "OVS Interface \"\(interface)\" has no external_ids:ovn-installed=true",
                         fix: "ovn-controller has not installed the port's flows: check ovn-controller's log on this node")
        }
        return .ok("ovn-installed", "OVS Interface \"\(interface)\" has ovn-installed=true")
    }

    /// The pod's host-side interface as OVS sees it: opened (an OpenFlow port), no error, link up.
    static func veth(_ facts: PodFacts) -> CheckResult {
        guard case .observed(let node) = facts.node else { return .skip("veth", "Open vSwitch of the pod's node not consulted") }
        guard let interface = node.interfaceName else { return .skip("veth", "no OVS interface for the pod") }
        if let error = node.error, !error.isEmpty {
            return .fail("veth", "OVS cannot use \"\(interface)\": \(error)",
                         fix: "the host end of the pod's veth is gone: delete the pod (CNI DEL, then ADD) or check the agent's log")
        }
        guard let ofport = node.ofport, ofport > 0 else {
            return .fail("veth", "OVS has not opened \"\(interface)\" (no OpenFlow port)", fix: "check ovs-vswitchd's log on this node")
        }
        guard node.linkState != "down" else {
            return .fail("veth", "\"\(interface)\" is down", fix: "the pod's end of the veth is down or gone: check the pod's network namespace")
        }
        return .ok("veth", "\"\(interface)\" is OpenFlow port \(ofport), link \(node.linkState ?? "up")")
    }

    /// A ping from the pod's network namespace to its subnet's gateway.
    static func gatewayPing(_ facts: PodFacts) -> CheckResult {
        guard case .observed(let node) = facts.node else { return .skip("gateway-ping", "Open vSwitch of the pod's node not consulted") }
        guard let netns = node.netns else {
            return .skip("gateway-ping", "the pod's network namespace is not recorded (not plugged by scnet's agent)")
        }
        guard let ping = node.gatewayPing else { return .skip("gateway-ping", "the pod has no gateway annotation yet") }
        if ping.answered { return .ok("gateway-ping", "from \(netns): gateway \(ping.gateway) answers (\(ping.detail))") }
        guard ping.tried else { return .skip("gateway-ping", ping.detail) }
        return .fail("gateway-ping", "from \(netns): gateway \(ping.gateway) does not answer (\(ping.detail))",
                     fix: "follow the trace below; also check the pod end's address and route: ip netns exec … ip addr; ip route")
    }

    static func nat(_ facts: PodFacts) -> CheckResult {
        let annotations = facts.pod?.metadata.annotations ?? [:]
        let fip = annotations[Annotation.snat] ?? facts.virtualMachineAnnotations?[Annotation.eip]
        guard let fip, !fip.isEmpty else {
            return .skip("nat", "the pod has no \(Annotation.snat) (nor a VM \(Annotation.eip)) annotation")
        }
        guard let northbound = facts.northbound.facts else {
            if case .notObserved(let why) = facts.northbound { return .skip("nat", why) }
            return .skip("nat", "the Northbound database was not read")
        }
        guard let ip = facts.ipRecord.flatMap({ PortAddresses.ipv4(of: $0.spec) })
            ?? PortAddresses.split(annotations[Annotation.ipAddress]).first(where: { !$0.contains(":") })
        else {
            return .fail("nat", "floating IP \(fip) asked for, but the pod has no IPv4 address yet",
                         fix: "fix the ip line first")
        }
        guard let router = northbound.router else {
            return .fail("nat", "the router of Vpc \"\(OVNNaming.vpc(facts))\" does not exist in NB",
                         fix: "kubectl describe vpc \(OVNNaming.vpc(facts)) (is its Neutron router there?)")
        }
        if let row = northbound.nat.first(where: { $0.externalIP == fip && $0.logicalIP == ip }) {
            return .ok("nat", "\(row.type) \(fip) ↔ \(ip) on router \"\(router)\"")
        }
        if let other = northbound.nat.first(where: { $0.externalIP == fip }) {
            return .fail("nat", "the NAT row of \(fip) on router \"\(router)\" points at \(other.logicalIP), not at the pod's \(ip)",
                         fix: "another workload holds the floating IP, or the row is stale: kubectl get fips")
        }
        return .fail("nat", "no NAT row with external_ip \(fip) and logical_ip \(ip) on router \"\(router)\"",
                     fix: "the controller has not programmed the floating IP: kubectl describe pod/fip for its Events")
    }

    static func trace(_ facts: PodFacts) -> CheckResult {
        switch facts.trace {
        case .notObserved(let why): return .skip("trace", why)
        case .observed(.reachedRouterPort(let lrp)):
            return .ok("trace", "a packet from \(facts.portName) to its gateway reaches router port \"\(lrp)\"")
        case .observed(.dropped(let stage)):
            return .fail("trace", "a packet from \(facts.portName) to its gateway is dropped\(stage.isEmpty ? "" : " in \(stage)")",
                         fix: "port security or an ACL drops it: compare the port's addresses/port_security with the pod's; "
                            + "see ovn-trace's full output")
        case .observed(.inconclusive(let last)):
            return .fail("trace", "a packet from \(facts.portName) to its gateway does not reach the router (trace ends: \(last))",
                         fix: "is the switch attached to the VPC router (router port \(OVNNaming.routerPort(facts)))?")
        case .observed(.failed(let why)):
            return .fail("trace", "ovn-trace failed: \(why)", fix: "is ovn-northd running (SB logical flows present)?")
        }
    }
}
