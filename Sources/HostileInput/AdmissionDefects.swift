/// Well-formed manifests with exactly one thing admission must refuse: a bad address, a bad
/// name, a reference into another project, a change to an immutable field, a taken address.
enum AdmissionDefects {
    static let badNames = ["Bad_Name", "-lead", "trail-", String(repeating: "x", count: 254), "ünïcode", "a..b", "UPPER", "a b", "a/b"]
    static let badCIDRs = ["garbage", "10.0.0.0/33", "10.0.0.1/24", "127.0.0.0/8", "224.0.0.0/24", "169.254.0.0/16",
                           "10.0.0.0/24,10.1.0.0/24", "10.0.0.0/24,fd00::/64,fd01::/64", "10.0.0.0/32", "fd00::/128", "10.0.0.0/8/8", "::::/64"]

    static func random(_ g: inout SeededGenerator) -> HostileRequest {
        switch Int.random(in: 0..<5, using: &g) {
        case 0: subnet(&g)
        case 1: vpc(&g)
        case 2: pod(&g)
        case 3: update(&g)
        default: namespaceOrFip(&g)
        }
    }

    static func subnet(_ g: inout SeededGenerator) -> HostileRequest {
        let net = "10.\(Int.random(in: 100...199, using: &g)).\(Int.random(in: 0...255, using: &g))"
        var name = "fz-\(g.suffix())"
        var spec = #""cidrBlock":"\#(net).0/24""#
        let defect: String
        switch Int.random(in: 0..<11, using: &g) {
        case 0: spec = #""cidrBlock":"\#(g.pick(badCIDRs))""#; defect = "subnet.cidrBlock"
        case 1: spec = #""vpc":"fuzz-vpc","cidrBlock":"10.77.0.\#(g.pick(["0/25", "128/25", "64/26"]))""#; defect = "subnet.overlap"
        case 2: spec += #","gateway":"\#(g.pick(["10.250.250.1", "\(net).0", "\(net).255", "gw", "\(net).1,\(net).2"]))""#; defect = "subnet.gateway"
        case 3: spec += #","excludeIps":\#(g.pick(["[\"\(net).300\"]", "\"\(net).5\"", "[\"\(net).20..\(net).10\"]", "[\"10.250.0.5\"]", "[\"x..y\"]"]))"#; defect = "subnet.excludeIps"
        case 4: spec += #","protocol":"\#(g.pick(["IPv5", "IPv6", "dual"]))""#; defect = "subnet.protocol"
        case 5: spec += #","projectIDs":\#(g.pick(["[\"not a project\"]", "[\"\(Fixtures.project)\",\"\(Fixtures.project)\"]", "\"\(Fixtures.project)\""]))"#; defect = "subnet.projectIDs"
        case 6: spec += #","natOutgoing":\#(g.pick(["\"yes\"", "1", "[]"]))"#; defect = "subnet.natOutgoing"
        case 7: spec += #","gatewayType":"\#(g.pick(["distributed", "sideways", "Centralized"]))""#; defect = "subnet.gatewayType"
        case 8: name = g.pick(badNames); defect = "subnet.name"
        case 9: spec = ""; defect = "subnet.cidrBlock.missing"
        default: spec = #""cidrBlock":\#(g.pick(["24", "[\"10.0.0.0/24\"]", "{}", "null", "true"]))"#; defect = "subnet.cidrBlock.type"
        }
        let body = #"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"\#(name)"},"spec":{\#(spec)}}"#
        return HostileRequest("POST", Fixtures.subnetPath, body: Array(body.utf8), defect: defect)
    }

    static func vpc(_ g: inout SeededGenerator) -> HostileRequest {
        var name = "fz-\(g.suffix())"
        var spec = #""neutronRouter":"\#(Fixtures.router)","externalNetworkID":"\#(Fixtures.externalNetwork)""#
        let defect: String
        switch Int.random(in: 0..<6, using: &g) {
        case 0: spec = #""neutronRouter":"\#(g.pick(["not-a-uuid", "", "c761887f40bd4df09b437c6bb009aab7"]))","externalNetworkID":"\#(Fixtures.externalNetwork)""#; defect = "vpc.neutronRouter"
        case 1: spec = #""neutronRouter":"\#(Fixtures.router)""#; defect = "vpc.externalNetworkID.missing"
        case 2: spec += #","externalGatewayIp":"\#(g.pick(["172.110.0.300", "gw", "fd00::1::1"]))""#; defect = "vpc.externalGatewayIp"
        case 3: spec += #","gatewayNode":"\#(g.pick(["Node_1", "-n", "a..b"]))""#; defect = "vpc.gatewayNode"
        case 4: spec += #","enableExternal":true"#; defect = "vpc.enableExternal"
        default: name = g.pick(badNames); defect = "vpc.name"
        }
        let body = #"{"apiVersion":"kubeovn.io/v1","kind":"Vpc","metadata":{"name":"\#(name)"},"spec":{\#(spec)}}"#
        return HostileRequest("POST", Fixtures.vpcPath, body: Array(body.utf8), defect: defect)
    }

    static func pod(_ g: inout SeededGenerator) -> HostileRequest {
        var name = "fz-\(g.suffix())"
        var annotations = #""ovn.kubernetes.io/logical_switch":"fuzz-net""#
        let defect: String
        switch Int.random(in: 0..<7, using: &g) {
        case 0:
            let ip = g.pick(["10.77.0.300", "10.99.0.5", "10.77.0.1", "10.77.0.255", "10.77.0.10", "fd00::5", "10.77.0.11,10.77.0.12", "ip"])
            annotations += #","ovn.kubernetes.io/ip_address":"\#(ip)""#; defect = "pod.ip_address"
        case 1: annotations += #","ovn.kubernetes.io/mac_address":"\#(g.pick(["zz:zz:zz:zz:zz:zz", "01:00:5e:00:00:01", "00:00:00:00:00"]))""#; defect = "pod.mac_address"
        case 2: annotations = #""ovn.kubernetes.io/logical_switch":"\#(g.pick(["Bad_Name", "-x", "a b"]))""#; defect = "pod.logical_switch.name"
        case 3: annotations = #""ovn.kubernetes.io/logical_switch":"fuzz-other""#; defect = "pod.logical_switch.otherProject"
        case 4: annotations += #","ovn.kubernetes.io/snat":"\#(g.pick(["1.2.3", "snat", "172.35.0.300"]))""#; defect = "pod.snat"
        case 5: name = g.pick(badNames); defect = "pod.name"
        default:
            let body = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"default"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
            return HostileRequest("POST", Fixtures.podPath, body: Array(body.utf8), defect: "pod.namespace.mismatch")
        }
        let body = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","annotations":{\#(annotations)}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
        return HostileRequest("POST", Fixtures.podPath, body: Array(body.utf8), defect: defect)
    }

    /// A PUT of a fixture that changes what may not change, or names another object, or is stale.
    static func update(_ g: inout SeededGenerator) -> HostileRequest {
        let path = "\(Fixtures.subnetPath)/\(Fixtures.subnet)"
        let cases: [(String, String)] = [
            (#"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fuzz-net"},"spec":{"vpc":"fuzz-vpc","cidrBlock":"10.79.0.0/24","projectIDs":["\#(Fixtures.project)"]}}"#, "update.cidrBlock"),
            (#"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fuzz-net"},"spec":{"vpc":"other-vpc","cidrBlock":"10.77.0.0/24","projectIDs":["\#(Fixtures.project)"]}}"#, "update.vpc"),
            (#"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fuzz-net"},"spec":{"vpc":"fuzz-vpc","cidrBlock":"10.77.0.0/24","protocol":"IPv6","projectIDs":["\#(Fixtures.project)"]}}"#, "update.protocol"),
            (#"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"other-name"},"spec":{"vpc":"fuzz-vpc","cidrBlock":"10.77.0.0/24"}}"#, "update.nameMismatch"),
            (#"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fuzz-net","resourceVersion":"1"},"spec":{"vpc":"fuzz-vpc","cidrBlock":"10.77.0.0/24","natOutgoing":true,"projectIDs":["\#(Fixtures.project)"]}}"#, "update.stale"),
            (#"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fuzz-net"},"spec":{"vpc":"fuzz-vpc","cidrBlock":"10.77.0.0/24","gateway":"10.88.0.1","projectIDs":["\#(Fixtures.project)"]}}"#, "update.gatewayOutside"),
        ]
        let (body, defect) = g.pick(cases)
        return HostileRequest("PUT", path, body: Array(body.utf8), defect: defect)
    }

    static func namespaceOrFip(_ g: inout SeededGenerator) -> HostileRequest {
        if g.chance(0.5) {
            let (name, labels, defect) = g.pick([
                ("fz-\(g.suffix())", #""managed.es.io/resource":"namespace","managed.es.io/project-id":"not a project""#, "namespace.projectID"),
                (g.pick(badNames + [String(repeating: "n", count: 64), "a.b"]), "", "namespace.name"),
            ])
            let body = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"\#(name)","labels":{\#(labels)}}}"#
            return HostileRequest("POST", Fixtures.namespacePath, body: Array(body.utf8), defect: defect)
        }
        let id = "0d3e5f7a-9b1c-4d2e-8f3a-5b7c9d1e3f\(Int.random(in: 10...99, using: &g))"
        let (spec, defect) = g.pick([
            (#""address":"172.35.0.300","floatingIPID":"\#(id)","externalNetworkID":"\#(Fixtures.externalNetwork)""#, "fip.address"),
            (#""address":"172.35.0.30","floatingIPID":"\#(id)","externalNetworkID":"\#(Fixtures.externalNetwork)""#, "fip.address.duplicate"),
            (#""address":"172.35.0.31","floatingIPID":"nope","externalNetworkID":"\#(Fixtures.externalNetwork)""#, "fip.floatingIPID"),
        ])
        let body = #"{"apiVersion":"neutron.io/v1","kind":"Fip","metadata":{"name":"fz-\#(g.suffix())"},"spec":{\#(spec)}}"#
        return HostileRequest("POST", Fixtures.fipPath, body: Array(body.utf8), defect: defect)
    }
}
