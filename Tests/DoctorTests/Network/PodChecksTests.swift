import Kube
import SCNetAPI
import Testing

@testable import Doctor

/// A pod whose every hop is healthy; each test breaks one thing and expects the right FAIL.
enum HealthyPod {
    static let namespace = "ns1", name = "web", port = "web.ns1"
    static let mac = "0a:00:00:00:00:02", ip = "10.1.0.2"

    static func facts() -> PodFacts {
        var ns = Namespace(metadata: ObjectMeta(name: namespace))
        ns.metadata.labels = [Label.managedResource: Label.managedResourceNamespace]
        var pod = Pod(metadata: ObjectMeta(name: name, namespace: namespace), spec: ["nodeName": .string("node1")])
        pod.metadata.annotations = [
            Annotation.logicalSwitch: "net1", Annotation.allocated: "true", Annotation.ipAddress: ip,
            Annotation.macAddress: mac,
        ]
        pod.status = ["phase": "Running"]
        var subnet = Subnet(metadata: ObjectMeta(name: "net1"), spec: SubnetSpec(vpc: "vpc1", cidrBlock: "10.1.0.0/24"))
        subnet.spec.gateway = "10.1.0.1"
        var status = SubnetStatus()
        status.conditions = [SCNetAPI.Condition(type: "Ready", status: true, reason: "Ready", message: "")]
        subnet.status = status
        var record = IP(metadata: ObjectMeta(name: port), spec: IPSpec(podName: name, namespace: namespace, subnet: "net1",
                                                                     v4IpAddress: ip, macAddress: mac))
        record.spec.nodeName = "node1"
        let nb = NorthboundFacts(
            port: SwitchPortFacts(name: port, switchName: "net1", addresses: ["\(mac) \(ip)"]),
            routerPort: RouterPortFacts(name: "vpc1-net1", mac: "00:00:00:00:01:01", networks: ["10.1.0.1/24"]),
            router: "neutron-r1", nat: [])
        return PodFacts(
            namespace: namespace, name: name, pod: pod, namespaceObject: ns,
            subnetChoice: SubnetChoice(name: "net1", reason: "annotation", vpc: "vpc1"), subnet: subnet, ipRecord: record,
            northbound: .observed(nb),
            southbound: .observed(SouthboundFacts(binding: PortBindingFacts(chassisName: "ch-1", chassisHostname: "node1"))),
            node: .observed(NodeFacts(
                interfaceName: "abc_h", ovnInstalled: true, ofport: 3, linkState: "up", netns: "/run/netns/p1",
                gatewayPing: .init(gateway: "10.1.0.1", answered: true, detail: "time=0.4"))),
            trace: .observed(.reachedRouterPort("vpc1-net1")))
    }
}

extension [CheckResult] {
    func named(_ check: String) -> CheckResult? { first { $0.check == check } }
}

@Suite("doctor pod checks over gathered facts")
struct PodChecksTests {
    @Test("a pod healthy at every hop passes every check")
    func healthy() {
        let results = PodChecks.run(HealthyPod.facts())
        #expect(results.allPassed, "\(results.filter { $0.status != .ok }.map(\.line))")
        #expect(results.named("nat")?.status == .skip)  // no floating IP asked for
        #expect(results.filter { $0.status == .ok }.map(\.check) == ["pod", "namespace", "subnet", "ip", "port", "binding", "ovn-installed", "veth", "gateway-ping", "trace"])
    }

    @Test("a missing Subnet is a FAIL naming it and where the name came from")
    func missingSubnet() throws {
        var facts = HealthyPod.facts()
        facts.subnet = nil
        let line = try #require(PodChecks.run(facts).named("subnet"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("Subnet \"net1\""))
        #expect(line.detail.contains("annotation"))
    }

    @Test("a Subnet without a true Ready condition fails with its reason")
    func subnetNotReady() throws {
        var facts = HealthyPod.facts()
        facts.subnet?.status?.conditions = [SCNetAPI.Condition(type: "Ready", status: false, reason: "CIDRConflict", message: "overlaps a-1")]
        let line = try #require(PodChecks.run(facts).named("subnet"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("CIDRConflict: overlaps a-1"))
    }

    @Test("an unmanaged namespace says scnet does not handle the pod, how to opt in, and skips the network")
    func unmanagedNamespace() throws {
        var facts = HealthyPod.facts()
        facts.namespaceObject?.metadata.labels = [:]
        let results = PodChecks.run(facts)
        let line = try #require(results.named("namespace"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("does not handle"))
        #expect(line.fix?.contains("kubectl label namespace ns1 managed.es.io/resource=namespace") == true)
        #expect(results.named("port")?.status == .skip)
    }

    @Test("a missing IP record is a FAIL naming <pod>.<ns>")
    func missingRecord() throws {
        var facts = HealthyPod.facts()
        facts.ipRecord = nil
        let line = try #require(PodChecks.run(facts).named("ip"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("IP record \"web.ns1\" does not exist"))
    }

    @Test("an IP record disagreeing with the pod's annotations fails naming both values")
    func recordDisagrees() throws {
        var facts = HealthyPod.facts()
        facts.ipRecord?.spec = IPSpec(podName: "web", namespace: "ns1", subnet: "net1", v4IpAddress: "10.1.0.9", macAddress: HealthyPod.mac)
        let line = try #require(PodChecks.run(facts).named("ip"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("ip_address=10.1.0.2 but the record has 10.1.0.9"))
    }

    @Test("a missing logical switch port is a FAIL on the port line")
    func missingPort() throws {
        var facts = HealthyPod.facts()
        var nb = try #require(facts.northbound.facts)
        nb.port = nil
        facts.northbound = .observed(nb)
        let line = try #require(PodChecks.run(facts).named("port"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("\"web.ns1\" does not exist in NB"))
    }

    @Test("a port on another switch or with other addresses than the record fails")
    func portMismatch() throws {
        var facts = HealthyPod.facts()
        var nb = try #require(facts.northbound.facts)
        nb.port?.addresses = ["0a:00:00:00:00:02 10.1.0.3"]
        facts.northbound = .observed(nb)
        #expect(PodChecks.run(facts).named("port")?.detail.contains("IP record says") == true)
        nb.port?.switchName = "net2"
        facts.northbound = .observed(nb)
        #expect(PodChecks.run(facts).named("port")?.detail.contains("on switch \"net2\", not \"net1\"") == true)
    }

    @Test("an unbound port fails naming the node whose ovn-controller should claim it")
    func unboundPort() throws {
        var facts = HealthyPod.facts()
        facts.southbound = .observed(SouthboundFacts(binding: PortBindingFacts(chassisName: nil)))
        let line = try #require(PodChecks.run(facts).named("binding"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("not bound to any chassis"))
        #expect(line.fix?.contains("node node1") == true)
    }

    @Test("a port bound on another node than the pod's fails")
    func boundElsewhere() throws {
        var facts = HealthyPod.facts()
        facts.southbound = .observed(SouthboundFacts(binding: PortBindingFacts(chassisName: "ch-2", chassisHostname: "node2")))
        let line = try #require(PodChecks.run(facts).named("binding"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("node2") && line.detail.contains("node1"))
    }

    @Test("without SB or OVS the binding and ovn-installed lines are skipped with the reason")
    func skips() {
        var facts = HealthyPod.facts()
        facts.southbound = .notObserved("no --sb given")
        facts.node = .notObserved("only checkable on the node")
        let results = PodChecks.run(facts)
        #expect(results.named("binding") == .skip("binding", "no --sb given"))
        #expect(results.named("ovn-installed")?.status == .skip)
        #expect(results.allPassed)
    }

    @Test("an interface without ovn-installed fails")
    func notInstalled() {
        var facts = HealthyPod.facts()
        facts.node = .observed(NodeFacts(interfaceName: "abc_h", ovnInstalled: false))
        #expect(PodChecks.run(facts).named("ovn-installed")?.status == .fail)
    }

    @Test("the veth: an OVS error, no OpenFlow port or a down link fail, each naming the interface")
    func veth() {
        for broken in [NodeFacts(interfaceName: "abc_h", ovnInstalled: true, ofport: -1, error: "could not open network device abc_h (No such device)"),
                       NodeFacts(interfaceName: "abc_h", ovnInstalled: true, ofport: nil),
                       NodeFacts(interfaceName: "abc_h", ovnInstalled: true, ofport: 3, linkState: "down")] {
            var facts = HealthyPod.facts()
            facts.node = .observed(broken)
            let line = PodChecks.run(facts).named("veth")
            #expect(line?.status == .fail && line?.detail.contains("abc_h") == true, "\(String(describing: line))")
        }
    }

    @Test("a gateway that does not answer from the pod's namespace fails; no recorded namespace skips")
    func gatewayPing() {
        var facts = HealthyPod.facts()
        facts.node = .observed(NodeFacts(interfaceName: "abc_h", ovnInstalled: true, ofport: 3, netns: "/run/netns/p1",
                                         gatewayPing: .init(gateway: "10.1.0.1", answered: false, detail: "no reply within 5 s")))
        let line = PodChecks.run(facts).named("gateway-ping")
        #expect(line?.status == .fail && line?.detail.contains("10.1.0.1") == true)
        facts.node = .observed(NodeFacts(interfaceName: "abc_h", ovnInstalled: true, ofport: 3))
        #expect(PodChecks.run(facts).named("gateway-ping")?.status == .skip)
    }

    @Test("a pod with a floating IP fails when its NAT row is missing and passes when it exists")
    func natRow() throws {
        var facts = HealthyPod.facts()
        facts.pod?.metadata.annotations[Annotation.snat] = "172.24.4.10"
        let missing = try #require(PodChecks.run(facts).named("nat"))
        #expect(missing.status == .fail)
        #expect(missing.detail.contains("no NAT row with external_ip 172.24.4.10 and logical_ip 10.1.0.2 on router \"neutron-r1\""))
        var nb = try #require(facts.northbound.facts)
        nb.nat = [NATFacts(type: "snat", externalIP: "172.24.4.10", logicalIP: "10.1.0.2")]
        facts.northbound = .observed(nb)
        #expect(PodChecks.run(facts).named("nat")?.status == .ok)
    }

    @Test("a VM's eip is checked like a pod's snat")
    func vmEIP() {
        var facts = HealthyPod.facts()
        facts.virtualMachineAnnotations = [Annotation.eip: "172.24.4.11"]
        #expect(PodChecks.run(facts).named("nat")?.detail.contains("172.24.4.11") == true)
    }

    @Test("a container terminated with exit code 127 fails naming the code, the reason and the fix")
    func exitCode127() throws {
        var facts = HealthyPod.facts()
        facts.pod?.status = [
            "phase": "Failed",
            "containerStatuses": [[
                "name": "app", "restartCount": 0,
                "state": ["terminated": ["exitCode": 127, "reason": "Error", "message": "exec: \"nope\": not found"]],
            ]],
        ]
        let results = PodChecks.run(facts)
        let line = try #require(results.named("container app"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("exit code 127"))
        #expect(line.detail.contains("reason Error"))
        #expect(line.fix?.contains("command was not found") == true)
        #expect(results.named("pod")?.status == .fail)
    }

    @Test("a crash-looping container fails with its last exit")
    func crashLoop() throws {
        var facts = HealthyPod.facts()
        facts.pod?.status = [
            "phase": "Running",
            "containerStatuses": [[
                "name": "app", "restartCount": 4,
                "state": ["waiting": ["reason": "CrashLoopBackOff"]],
                "lastState": ["terminated": ["exitCode": 1, "reason": "Error"]],
            ]],
        ]
        let line = try #require(PodChecks.run(facts).named("container app"))
        #expect(line.status == .fail)
        #expect(line.detail.contains("CrashLoopBackOff") && line.detail.contains("exit code 1"))
    }

    @Test("a pod that does not exist is one FAIL")
    func noPod() {
        var facts = HealthyPod.facts()
        facts.pod = nil
        #expect(PodChecks.run(facts) == [.fail("pod", "Pod ns1/web does not exist", fix: "kubectl get pods -n ns1")])
    }

    @Test("events are kept about this pod only, oldest first")
    func events() {
        func event(_ name: String, _ reason: String, _ time: String) -> Event {
            var e = Event(metadata: ObjectMeta(name: "\(name).\(reason)", namespace: "ns1"),
                          involvedObject: ObjectReference(kind: "Pod", namespace: "ns1", name: name), type: "Warning",
                          reason: reason, message: reason)
            e.lastTimestamp = time
            return e
        }
        let kept = PodReport.eventsAbout(pod: "web", in: [
            event("web", "BackOff", "2026-01-01T00:00:09Z"), event("db", "Other", "2026-01-01T00:00:01Z"),
            event("web", "Pulled", "2026-01-01T00:00:02Z"),
        ])
        #expect(kept.map(\.reason) == ["Pulled", "BackOff"])
    }
}

@Suite("ovn-trace request and output")
struct TraceTests {
    @Test("the microflow goes from the pod's port, MAC and IP to the router port's MAC and the gateway")
    func plan() throws {
        let request = try TraceRequest.plan(HealthyPod.facts()).get()
        #expect(request.datapath == "net1")
        #expect(request.microflow == "inport==\"web.ns1\" && eth.src==0a:00:00:00:00:02 && ip4.src==10.1.0.2 "
            + "&& eth.dst==00:00:00:00:01:01 && ip4.dst==10.1.0.1 && ip.ttl==64")
    }

    @Test("no trace without the router port")
    func noRouterPort() throws {
        var facts = HealthyPod.facts()
        var nb = try #require(facts.northbound.facts)
        nb.routerPort = nil
        facts.northbound = .observed(nb)
        guard case .failure(let why) = TraceRequest.plan(facts) else { Issue.record("planned"); return }
        #expect(why.reason.contains("vpc1-net1"))
    }

    @Test("output entering the router through the port reaches it; a drop names the stage")
    func outcomes() throws {
        let request = try TraceRequest.plan(HealthyPod.facts()).get()
        let reached = """
            ingress(dp="net1", inport="web.ns1")
            25. ls_in_l2_lkup (northd.c:9193): eth.dst == 00:00:00:00:01:01, priority 50, uuid bc71084a
                output;
            ingress(dp="r1", inport="vpc1-net1")
            """
        #expect(request.outcome(output: reached) == .reachedRouterPort("vpc1-net1"))
        let dropped = """
            ingress(dp="net1", inport="web.ns1")
             1. ls_in_apply_port_sec (northd.c:8435): reg0[15] == 1, priority 50, uuid dcb8da09
                drop;
            """
        #expect(request.outcome(output: dropped) == .dropped(stage: "ls_in_apply_port_sec"))
        #expect(request.outcome(output: "ingress(dp=\"net1\", inport=\"web.ns1\")\n    output;")
            == .inconclusive(lastLine: "output;"))
    }
}
