import SCNetAPI
import Testing

@Suite("Vpc, Fip and Namespace admission")
struct VpcAndFipAdmissionTests {
    typealias Case = (String, AnyResource, String?)

    static let vpcCases: [Case] = [
        ("the seed's VPC", Fx.vpc("test-vpc2") { $0.externalGatewayIp = "172.110.0.160" }, nil),
        ("no router", Fx.vpc("v", router: nil), "spec.neutronRouter"),
        ("router not a UUID", Fx.vpc("v", router: "router-1"), "spec.neutronRouter"),
        ("no external network", Fx.vpc("v", network: nil), "spec.externalNetworkID"),
        ("external network not a UUID", Fx.vpc("v", network: "public"), "spec.externalNetworkID"),
        ("bad external gateway IP", Fx.vpc("v") { $0.externalGatewayIp = "172.110.0.300" }, "spec.externalGatewayIp"),
        ("IPv6 external gateway IP", Fx.vpc("v") { $0.externalGatewayIp = "2001:db8::5" }, nil),
        ("gateway node", Fx.vpc("v") { $0.gatewayNode = "node-1.example" }, nil),
        ("bad gateway node", Fx.vpc("v") { $0.gatewayNode = "Node 1" }, "spec.gatewayNode"),
        ("distributed gateway", Fx.vpc("v") { $0.gatewayType = "distributed" }, "spec.gatewayType"),
        ("a gateway of its own", Fx.vpc("v") { $0.enableExternal = true }, "spec.enableExternal"),
        ("bad namespace", Fx.vpc("v") { $0.namespaces = ["Demo"] }, "spec.namespaces[0]"),
    ]

    @Test("Vpc rules", arguments: vpcCases)
    func vpcRules(_ c: Case) {
        let fields = Fx.fields(c.1)
        #expect(fields == (c.2.map { [$0] } ?? []), "\(c.0)")
    }

    @Test("one router backs one VPC")
    func routerShared() {
        #expect(Fx.fields(Fx.vpc("b"), after: [Fx.vpc("a")]) == ["spec.neutronRouter"])
        #expect(Fx.fields(Fx.vpc("b", router: Fx.router2), after: [Fx.vpc("a")]).isEmpty)
    }

    @Test("the router of a VPC in use cannot change")
    func routerImmutableInUse() {
        #expect(Fx.fields(Fx.vpc("v", router: Fx.router2), after: [Fx.vpc("v")]).isEmpty)
        #expect(Fx.fields(Fx.vpc("v", router: Fx.router2), after: [Fx.vpc("v"), Fx.subnet("s", vpc: "v")]) == ["spec.neutronRouter"])
    }

    @Test("a namespace belongs to at most one VPC; a VPC may not take a Subnet's name")
    func namespaceAndName() {
        #expect(Fx.fields(Fx.vpc("b", router: Fx.router2) { $0.namespaces = ["demo"] }, after: [Fx.vpc("a") { $0.namespaces = ["demo"] }]) == ["spec.namespaces[0]"])
        #expect(Fx.fields(Fx.vpc("s"), after: [Fx.subnet("s")]) == ["metadata.name"])
    }

    static let fipCases: [Case] = [
        ("a pool FIP", Fx.fip("f", "172.35.0.18"), nil),
        ("bad address", Fx.fip("f", "172.35.0.256"), "spec.address"),
        ("ID not a UUID", Fx.fip("f", "172.35.0.18", id: "x"), "spec.floatingIPID"),
        ("in use with a user", Fx.fip("f", "172.35.0.18", status: FipStatus(phase: "InUse", usedBy: FipUser(kind: "Pod", namespace: "d", name: "p"), usage: "snat")), nil),
        ("in use without a user", Fx.fip("f", "172.35.0.18", status: FipStatus(phase: "InUse")), "status.usedBy"),
        ("unknown phase", Fx.fip("f", "172.35.0.18", status: FipStatus(phase: "Gone")), "status.phase"),
        ("unknown usage", Fx.fip("f", "172.35.0.18", status: FipStatus(phase: "Available", usage: "dnat")), "status.usage"),
    ]

    @Test("Fip rules", arguments: fipCases)
    func fipRules(_ c: Case) {
        #expect(Fx.fields(c.1) == (c.2.map { [$0] } ?? []), "\(c.0)")
    }

    @Test("two Fips may not record one address or one Neutron ID; a Fip's address cannot change")
    func fipUnique() {
        #expect(Fx.fields(Fx.fip("g", "172.35.0.18", id: "0d3e5f7a-9b1c-4d2e-8f3a-5b7c9d1e3f31"), after: [Fx.fip("f", "172.35.0.18")]) == ["spec.address"])
        #expect(Fx.fields(Fx.fip("g", "172.35.0.19"), after: [Fx.fip("f", "172.35.0.18")]) == ["spec.floatingIPID"])
        #expect(Fx.fields(Fx.fip("f", "172.35.0.19"), after: [Fx.fip("f", "172.35.0.18")]) == ["spec.address"])
    }

    @Test("a namespace's project label must be a project ID")
    func namespaceProject() {
        #expect(Fx.fields(Fx.namespace("demo", project: Fx.project1)).isEmpty)
        #expect(Fx.fields(Fx.namespace("demo", project: "my project")) == ["metadata.labels[managed.es.io/project-id]"])
        #expect(Fx.fields(Fx.namespace("Demo")) == ["metadata.name"])
    }
}
