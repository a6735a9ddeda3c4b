import SCNetAPI
import Testing

@Suite("Pod and VM admission")
struct WorkloadAdmissionTests {
    static let base: [AnyResource] = [Fx.namespace("demo", project: Fx.project1), Fx.subnet("ovn-default", "10.16.0.0/16")]
    static let ls = "metadata.annotations[ovn.kubernetes.io/logical_switch]"
    static let ipPath = "metadata.annotations[ovn.kubernetes.io/ip_address]"
    static let macPath = "metadata.annotations[ovn.kubernetes.io/mac_address]"
    static let snatPath = "metadata.annotations[ovn.kubernetes.io/snat]"
    static let eipPath = "spec.template.metadata.annotations[ovn.kubernetes.io/eip]"

    typealias Case = (String, AnyResource, String?)
    static let staticCases: [Case] = [
        ("a free static address", Fx.pod("p", [Annotation.ipAddress: "10.16.0.5"]), nil),
        ("not an address", Fx.pod("p", [Annotation.ipAddress: "10.16.0.256"]), ipPath),
        ("outside the subnet", Fx.pod("p", [Annotation.ipAddress: "10.17.0.5"]), ipPath),
        ("the gateway", Fx.pod("p", [Annotation.ipAddress: "10.16.0.1"]), ipPath),
        ("the broadcast address", Fx.pod("p", [Annotation.ipAddress: "10.16.255.255"]), ipPath),
        ("two IPv4 addresses", Fx.pod("p", [Annotation.ipAddress: "10.16.0.5,10.16.0.6"]), ipPath),
        ("a static MAC", Fx.pod("p", [Annotation.macAddress: "0a:58:0a:10:00:05"]), nil),
        ("a bad MAC", Fx.pod("p", [Annotation.macAddress: "0a:58:0a"]), macPath),
        ("a multicast MAC", Fx.pod("p", [Annotation.macAddress: "01:00:5e:00:00:01"]), macPath),
        ("a bad subnet name", Fx.pod("p", [Annotation.logicalSwitch: "Bad_Name"]), ls),
        ("a subnet that does not exist yet", Fx.pod("p", [Annotation.logicalSwitch: "later"]), nil),
    ]

    @Test("static address and MAC rules", arguments: staticCases)
    func staticRules(_ c: Case) {
        #expect(Fx.fields(c.1, after: Self.base) == (c.2.map { [$0] } ?? []), "\(c.0)")
    }

    @Test("a static address held by another pod or IP record is refused; one's own is fine")
    func staticTaken() {
        let holder = Fx.pod("a", [Annotation.ipAddress: "10.16.0.9"])
        #expect(Fx.fields(Fx.pod("b", [Annotation.ipAddress: "10.16.0.9"]), after: Self.base + [holder]) == [Self.ipPath])
        #expect(Fx.fields(Fx.pod("a", [Annotation.ipAddress: "10.16.0.9"]), after: Self.base + [holder]).isEmpty)
        let record = Fx.ip("c", subnet: "ovn-default", v4: "10.16.0.10")
        #expect(Fx.fields(Fx.pod("b", [Annotation.ipAddress: "10.16.0.10"]), after: Self.base + [record]) == [Self.ipPath])
        #expect(Fx.fields(Fx.pod("c", [Annotation.ipAddress: "10.16.0.10"]), after: Self.base + [record]).isEmpty)
    }

    @Test("a VM's launcher pods carry the VM's address, held by the VM's record; another VM's launcher may not")
    func launcherAddress() {
        let record = Fx.ip("vm", subnet: "ovn-default", v4: "10.16.0.20")
        let launcher = Fx.pod("virt-launcher-vm-x", labels: ["vm.kubevirt.io/name": "vm"], [Annotation.ipAddress: "10.16.0.20"])
        #expect(Fx.fields(launcher, after: Self.base + [record]).isEmpty)
        let restarted = Fx.pod("virt-launcher-vm-y", labels: ["vm.kubevirt.io/name": "vm"], [Annotation.ipAddress: "10.16.0.20"])
        #expect(Fx.fields(restarted, after: Self.base + [record, launcher]).isEmpty)
        let stranger = Fx.pod("virt-launcher-other-x", labels: ["vm.kubevirt.io/name": "other"], [Annotation.ipAddress: "10.16.0.20"])
        #expect(Fx.fields(stranger, after: Self.base + [record]) == [Self.ipPath])
    }

    @Test("a static address inside excludeIps is granted")
    func staticInsideExclude() {
        let setup: [AnyResource] = [Fx.namespace("demo"), Fx.subnet("ovn-default", "10.16.0.0/16") { $0.excludeIps = ["10.16.0.2..10.16.0.50"] }]
        #expect(Fx.fields(Fx.pod("p", [Annotation.ipAddress: "10.16.0.20"]), after: setup).isEmpty)
    }

    @Test("projectIDs admit only the namespaces of those projects")
    func projects() {
        let reserved = Fx.subnet("private", "10.20.0.0/24") { $0.projectIDs = [Fx.project1] }
        let pod = Fx.pod("p", [Annotation.logicalSwitch: "private"])
        #expect(Fx.fields(pod, after: [Fx.namespace("demo", project: Fx.project1), reserved]).isEmpty)
        #expect(Fx.fields(pod, after: [Fx.namespace("demo", project: Fx.project2), reserved]) == [Self.ls])
        #expect(Fx.fields(pod, after: [Fx.namespace("demo"), reserved]) == [Self.ls])
        let shared = Fx.subnet("private", "10.20.0.0/24")
        #expect(Fx.fields(pod, after: [Fx.namespace("demo", project: Fx.project2), shared]).isEmpty)
    }

    @Test("pods of namespaces that did not opt in are not checked")
    func unmanaged() {
        let setup = [Fx.namespace("plain", managed: false)]
        #expect(Fx.fields(Fx.pod("p", namespace: "plain", [Annotation.ipAddress: "nonsense", Annotation.snat: "x"]), after: setup).isEmpty)
    }

    @Test("snat must name a free floating IP of the pool")
    func snat() {
        let pool = Self.base + [Fx.fip("f1", "172.35.0.18")]
        #expect(Fx.fields(Fx.pod("p", [Annotation.snat: "172.35.0.18"]), after: pool).isEmpty)
        #expect(Fx.fields(Fx.pod("p", [Annotation.snat: "172.35.0.99"]), after: pool) == [Self.snatPath])
        #expect(Fx.fields(Fx.pod("p", [Annotation.snat: "172.35.0"]), after: pool) == [Self.snatPath])
        let taken = pool + [Fx.pod("a", [Annotation.snat: "172.35.0.18"])]
        #expect(Fx.fields(Fx.pod("b", [Annotation.snat: "172.35.0.18"]), after: taken) == [Self.snatPath])
        #expect(Fx.fields(Fx.pod("a", [Annotation.snat: "172.35.0.18"]), after: taken).isEmpty)
        let inUse = Self.base + [Fx.fip("f1", "172.35.0.18", status: FipStatus(phase: "InUse", usedBy: FipUser(kind: "VirtualMachine", namespace: "demo", name: "vm"), usage: "eip"))]
        #expect(Fx.fields(Fx.pod("p", [Annotation.snat: "172.35.0.18"]), after: inUse) == [Self.snatPath])
    }

    @Test("a VM's EIP must be a free pool FIP; its launcher pod may carry the same EIP")
    func eip() {
        let pool = Self.base + [Fx.fip("f1", "172.35.0.20")]
        #expect(Fx.fields(Fx.vm("vm", [Annotation.eip: "172.35.0.20"]), after: pool).isEmpty)
        #expect(Fx.fields(Fx.vm("vm", [Annotation.eip: "172.35.0.21"]), after: pool) == [Self.eipPath])
        let withVM = pool + [Fx.vm("vm", [Annotation.eip: "172.35.0.20"])]
        #expect(Fx.fields(Fx.vm("other", [Annotation.eip: "172.35.0.20"]), after: withVM) == [Self.eipPath])
        let launcher = Fx.pod("virt-launcher-vm-x", labels: ["vm.kubevirt.io/name": "vm"], [Annotation.eip: "172.35.0.20"])
        #expect(Fx.fields(launcher, after: withVM).isEmpty)
        let stranger = Fx.pod("virt-launcher-other", labels: ["vm.kubevirt.io/name": "other"], [Annotation.eip: "172.35.0.20"])
        #expect(Fx.fields(stranger, after: withVM) == ["metadata.annotations[ovn.kubernetes.io/eip]"])
    }

    @Test("without logical_switch a pod lands in its namespace's VPC default subnet")
    func defaultSubnetOfVpc() {
        let setup: [AnyResource] = [
            Fx.namespace("demo", project: Fx.project2),
            Fx.vpc("v") { $0.namespaces = ["demo"]; $0.defaultSubnet = "web" },
            Fx.subnet("web", "10.30.0.0/24", vpc: "v") { $0.projectIDs = [Fx.project1] },
        ]
        #expect(Fx.fields(Fx.pod("p"), after: setup) == ["metadata.namespace"])
        #expect(Fx.fields(Fx.pod("p", [Annotation.ipAddress: "10.30.0.300"]), after: setup).contains(Self.ipPath))
    }

    @Test("did-you-mean finds near names only")
    func didYouMean() {
        #expect(Syntax.didYouMean("test-vpc-2", among: ["test-vpc2", "other"]) == "test-vpc2")
        #expect(Syntax.didYouMean("net192", among: ["net-192"]) == "net-192")
        #expect(Syntax.didYouMean("alpha", among: ["omega", "beta"]) == nil)
    }
}
