import SCNetAPI
import Testing

@Suite("Subnet admission")
struct SubnetAdmissionTests {
    typealias Case = (String, AnyResource, String?)

    static let single: [Case] = [
        ("a plain IPv4 subnet", Fx.subnet("s"), nil),
        ("a dual-stack subnet", Fx.subnet("s", "10.0.0.0/24,fd00::/64"), nil),
        ("IPv6 only", Fx.subnet("s", "fd00:1::/64") { $0.protocol = "IPv6" }, nil),
        ("bad CIDR syntax", Fx.subnet("s", "10.0.0/24"), "spec.cidrBlock"),
        ("missing CIDR", Fx.subnet("s", nil), "spec.cidrBlock"),
        ("host bits set", Fx.subnet("s", "10.0.0.1/24"), "spec.cidrBlock"),
        ("multicast", Fx.subnet("s", "224.1.0.0/16"), "spec.cidrBlock"),
        ("IPv6 link-local", Fx.subnet("s", "fe80::/64"), "spec.cidrBlock"),
        ("a /32", Fx.subnet("s", "10.0.0.1/32"), "spec.cidrBlock"),
        ("two IPv4 blocks", Fx.subnet("s", "10.0.0.0/24,10.0.1.0/24"), "spec.cidrBlock"),
        ("gateway inside", Fx.subnet("s") { $0.gateway = "10.0.0.254" }, nil),
        ("gateway outside", Fx.subnet("s") { $0.gateway = "10.0.1.1" }, "spec.gateway"),
        ("gateway is the network address", Fx.subnet("s") { $0.gateway = "10.0.0.0" }, "spec.gateway"),
        ("gateway is the broadcast address", Fx.subnet("s") { $0.gateway = "10.0.0.255" }, "spec.gateway"),
        ("gateway in upper case", Fx.subnet("s", "fd00::/64") { $0.gateway = "FD00::1" }, "spec.gateway"),
        ("dual gateway for dual CIDR", Fx.subnet("s", "10.0.0.0/24,fd00::/64") { $0.gateway = "10.0.0.1,fd00::1" }, nil),
        ("one gateway for dual CIDR", Fx.subnet("s", "10.0.0.0/24,fd00::/64") { $0.gateway = "10.0.0.1" }, "spec.gateway"),
        ("excludeIps in order", Fx.subnet("s") { $0.excludeIps = ["10.0.0.2..10.0.0.9", "10.0.0.20"] }, nil),
        ("excludeIps reversed", Fx.subnet("s") { $0.excludeIps = ["10.0.0.9..10.0.0.2"] }, "spec.excludeIps[0]"),
        ("excludeIps outside", Fx.subnet("s") { $0.excludeIps = ["10.0.0.2", "10.9.0.1"] }, "spec.excludeIps[1]"),
        ("excludeIps bad address", Fx.subnet("s") { $0.excludeIps = ["10.0.0.a"] }, "spec.excludeIps[0]"),
        ("excludeIps wrong family", Fx.subnet("s") { $0.excludeIps = ["fd00::1"] }, "spec.excludeIps[0]"),
        ("underlay vlan", Fx.subnet("s") { $0.vlan = "v100" }, "spec.vlan"),
        ("underlay logical gateway", Fx.subnet("s") { $0.logicalGateway = true }, "spec.logicalGateway"),
        ("logical gateway off is fine", Fx.subnet("s") { $0.logicalGateway = false }, nil),
        ("centralized gateway", Fx.subnet("s") { $0.gatewayType = "centralized" }, nil),
        ("distributed gateway", Fx.subnet("s") { $0.gatewayType = "distributed" }, "spec.gatewayType"),
        ("protocol matching", Fx.subnet("s") { $0.protocol = "IPv4" }, nil),
        ("protocol not matching", Fx.subnet("s") { $0.protocol = "Dual" }, "spec.protocol"),
        ("project IDs", Fx.subnet("s") { $0.projectIDs = [Fx.project1, Fx.project2] }, nil),
        ("bad project ID", Fx.subnet("s") { $0.projectIDs = ["a b"] }, "spec.projectIDs[0]"),
        ("bad gateway node", Fx.subnet("s") { $0.gatewayNode = "node_1" }, "spec.gatewayNode"),
        ("good gateway nodes", Fx.subnet("s") { $0.gatewayNode = "node-1,node-2" }, nil),
        ("bad name", Fx.subnet("Sub_1"), "metadata.name"),
        ("another provider", Fx.subnet("s") { $0.provider = "macvlan.ns" }, "spec.provider"),
    ]

    @Test("single-subnet rules", arguments: single)
    func singleRules(_ c: Case) {
        let fields = Fx.fields(c.1)
        if let expected = c.2 {
            #expect(fields == [expected], "\(c.0)")
        } else {
            #expect(fields.isEmpty, "\(c.0): \(fields)")
        }
    }

    @Test("CIDRs may not overlap in one VPC nor across VPCs, but may sit side by side")
    func overlap() {
        let vpcs = [Fx.vpc("a"), Fx.vpc("b", router: Fx.router2)]
        #expect(Fx.fields(Fx.subnet("y", "10.0.0.128/25", vpc: "a"), after: vpcs + [Fx.subnet("x", "10.0.0.0/24", vpc: "a")]) == ["spec.cidrBlock"])
        #expect(Fx.fields(Fx.subnet("y", "10.0.0.0/16", vpc: "b"), after: vpcs + [Fx.subnet("x", "10.0.0.0/24", vpc: "a")]) == ["spec.cidrBlock"])
        #expect(Fx.fields(Fx.subnet("y", "10.0.1.0/24", vpc: "b"), after: vpcs + [Fx.subnet("x", "10.0.0.0/24", vpc: "a")]).isEmpty)
    }

    @Test("the overlap message names the other subnet and its VPC")
    func overlapMessage() {
        var c = Fx.cluster([Fx.vpc("a"), Fx.subnet("a-1", "192.168.100.0/24", vpc: "a")])
        let v = c.apply(Fx.subnet("net192", "192.168.100.0/24"))
        #expect(v.first?.reason.contains("overlaps Subnet \"a-1\"") == true)
        #expect(v.first?.reason.contains("VPC \"a\"") == true)
    }

    @Test("a subnet may not take a VPC's name")
    func nameClash() {
        #expect(Fx.fields(Fx.subnet("x"), after: [Fx.vpc("x")]) == ["metadata.name"])
    }

    @Test("cidrBlock, vpc and protocol cannot change; other fields can")
    func immutable() {
        let base = [Fx.vpc("v"), Fx.subnet("s")]
        #expect(Fx.fields(Fx.subnet("s", "10.0.1.0/24"), after: base) == ["spec.cidrBlock"])
        #expect(Fx.fields(Fx.subnet("s", vpc: "v"), after: base) == ["spec.vpc"])
        #expect(Fx.fields(Fx.subnet("s") { $0.natOutgoing = true }, after: base).isEmpty)
    }

    @Test("the gateway can change only while no address is in use")
    func gatewayInUse() {
        let moved = Fx.subnet("s") { $0.gateway = "10.0.0.254" }
        #expect(Fx.fields(moved, after: [Fx.subnet("s")]).isEmpty)
        #expect(Fx.fields(moved, after: [Fx.subnet("s"), Fx.ip("p", subnet: "s", v4: "10.0.0.7")]) == ["spec.gateway"])
    }

    @Test("one default subnet per VPC")
    func oneDefault() {
        let first = Fx.subnet("a", "10.1.0.0/24") { $0.default = true }
        #expect(Fx.fields(Fx.subnet("b", "10.2.0.0/24") { $0.default = true }, after: [first]) == ["spec.default"])
        #expect(Fx.fields(Fx.subnet("b", "10.2.0.0/24", vpc: "v") { $0.default = true }, after: [Fx.vpc("v"), first]).isEmpty)
    }

    @Test("defaults: VPC ovn-cluster, protocol and gateway from the CIDR, gateway excluded")
    func defaults() {
        let c = Fx.cluster([Fx.subnet("s", "10.0.0.0/24,fd00::/64") { $0.excludeIps = ["10.0.0.5"] }])
        let s = c.subnet(named: "s")!
        #expect(s.spec.vpc == "ovn-cluster")
        #expect(s.spec.protocol == "Dual")
        #expect(s.spec.gateway == "10.0.0.1,fd00::1")
        #expect(s.spec.excludeIps == ["10.0.0.5", "10.0.0.1", "fd00::1"])
        #expect(s.spec.gatewayType == "centralized")
    }

    @Test("a refused object leaves the cluster untouched")
    func refusedLeavesStateAlone() {
        var c = Fx.cluster([Fx.subnet("s")])
        let before = c.objects
        #expect(!c.apply(Fx.subnet("s", "10.9.0.0/24")).isEmpty)
        #expect(!c.apply(Fx.subnet("t", "10.0.0.0/25")).isEmpty)
        #expect(c.objects == before)
    }

    @Test("a subnet naming a VPC that does not exist is accepted and reported with a did-you-mean")
    func unresolvedVpc() {
        let c = Fx.cluster([Fx.vpc("test-vpc2"), Fx.subnet("net192", "192.168.100.0/24", vpc: "test-vpc-2")])
        let refs = Admission.unresolvedReferences(of: .subnet(c.subnet(named: "net192")!), in: c)
        #expect(refs.map(\.description) == [#"spec.vpc: VPC "test-vpc-2" not found (did you mean "test-vpc2"?)"#])
    }
}
