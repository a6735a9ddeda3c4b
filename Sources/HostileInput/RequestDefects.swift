/// Requests wrong outside the body: selectors, query parameters, paths, methods, credentials
/// and patches.
enum RequestDefects {
    static let collections = [Fixtures.subnetPath, Fixtures.vpcPath, Fixtures.podPath, Fixtures.fipPath, Fixtures.namespacePath,
                              "/api/v1/pods", "/api/v1/nodes", "/apis/kubeovn.io/v1/ips", "/api/v1/namespaces/fuzz/events"]

    static func selector(_ g: inout SeededGenerator) -> HostileRequest {
        let collection = g.pick(collections)
        let watch = g.chance(0.3) ? "&watch=1" : ""
        if g.chance(0.25) {
            let field = g.pick(["metadata.name", "spec", "a,b", "=x,y"])
            return HostileRequest("GET", "\(collection)?fieldSelector=\(percentEncoded(field))\(watch)", defect: "selector.field")
        }
        var selector = g.pick([
            "a in (", "a in (x", "a)", "(a", "=x", "bad key!=v", "k=" + String(repeating: "v", count: 64),
            "k in (" + String(repeating: "v", count: 70) + ")", "a b", "k==-v", "!=v", "x/y/z=1", "k notin (a b)", "ü=1",
        ])
        if g.chance(0.2) {
            // A huge selector whose last term is bad: every term must be read, none may be skipped.
            let terms = (0..<Int.random(in: 500...3000, using: &g)).map { "k\($0)=v" }
            selector = terms.joined(separator: ",") + "," + selector
        }
        return HostileRequest("GET", "\(collection)?labelSelector=\(percentEncoded(selector))\(watch)", defect: "selector.label")
    }

    static func query(_ g: inout SeededGenerator) -> HostileRequest {
        let collection = g.pick(collections)
        switch Int.random(in: 0..<6, using: &g) {
        case 0: return HostileRequest("GET", "\(collection)?limit=\(g.pick(["abc", "-1", "1.5", "9999999999999999999999"]))", defect: "query.limit")
        case 1: return HostileRequest("GET", "\(collection)?limit=1&continue=\(g.pick(["!!!", "%2Fw%3D%3D", "Zm9v%00"]))", defect: "query.continue")
        case 2: return HostileRequest("GET", "\(collection)?watch=1&resourceVersion=\(g.pick(["abc", "-5", "1e3"]))", defect: "query.resourceVersion")
        case 3: return HostileRequest("GET", "\(collection)?watch=true&timeoutSeconds=\(g.pick(["x", "-1", "1.5"]))", defect: "query.timeoutSeconds")
        case 4:
            // A valid object with an invalid dryRun: must be refused, not created.
            let body = #"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fz-\#(g.suffix())"},"spec":{"cidrBlock":"10.\#(Int.random(in: 100...199, using: &g)).0.0/24"}}"#
            return HostileRequest("POST", "\(Fixtures.subnetPath)?dryRun=\(g.pick(["Maybe", "all", "1"]))", body: Array(body.utf8), defect: "query.dryRun")
        default:
            let body = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"fz-\#(g.suffix())"}}"#
            return HostileRequest("POST", "\(Fixtures.namespacePath)?dryRun=\(g.pick(["None", "true"]))", body: Array(body.utf8), defect: "query.dryRun")
        }
    }

    static func path(_ g: inout SeededGenerator) -> HostileRequest {
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"fz-\#(g.suffix())"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
        let cases: [HostileRequest] = [
            HostileRequest("GET", g.pick(["/apis/kubeovn.io/v2/subnets", "/apis/nope.io/v1/things", "/api/v2/pods", "/apis/x", "/apis/kubeovn.io/v1/subnets/a/b/c"]),
                           defect: "path.unknown"),
            HostileRequest("GET", g.pick(["/api/v1/namespaces/fuzz/subnets", "/api/v1/namespaces/fuzz/pods/p0/exec", "/api/v1/namespaces/fuzz/events/e/status",
                                          "/api/v1/pods/a/b/c/d", "/nope", "/api/v1/namespaces/fuzz/pods/p0/status/x", "/openapi/v3/apis/nope"]), defect: "path.unknown"),
            HostileRequest("GET", "\(Fixtures.subnetPath)/nope-\(g.suffix())", defect: "path.notFound"),
            HostileRequest("DELETE", "\(g.pick([Fixtures.subnetPath, Fixtures.podPath, Fixtures.vpcPath]))/nope-\(g.suffix())", defect: "path.deleteMissing"),
            HostileRequest("POST", "/api/v1/namespaces/\(g.pick(["%FF", "nope-\(g.suffix())", "%00", "Bad_NS"]))/pods", body: Array(pod.utf8), defect: "path.namespaceMissing"),
            HostileRequest(g.pick(["PUT", "PATCH", "DELETE"]), Fixtures.subnetPath, body: Array("{}".utf8), defect: "method.collection"),
            HostileRequest("POST", "\(Fixtures.subnetPath)/\(Fixtures.subnet)", body: Array("{}".utf8), defect: "method.object"),
            HostileRequest(g.pick(["POST", "DELETE", "PUT"]), g.pick(["/version", "/api", "/apis", "/openapi/v3"]), body: Array("{}".utf8), defect: "method.discovery"),
        ]
        return g.pick(cases)
    }

    static func credentials(_ g: inout SeededGenerator) -> HostileRequest {
        let target = g.pick([Fixtures.subnetPath, Fixtures.podPath, "/api", "/apis", Fixtures.namespacePath + "?watch=1"])
        let header: [(String, String)] = g.pick([
            [], [("Authorization", "Bearer " + String((0..<43).map { _ in g.pick(Array("ABCDEFabcdef0123456789-_")) }))],
            [("Authorization", "Basic YWRtaW46YWRtaW4=")], [("Authorization", "Bearer")], [("Authorization", "bearer x")],
        ])
        var request = HostileRequest("GET", target, defect: "auth", authenticated: false, headers: header)
        if g.chance(0.3) {
            request = HostileRequest("POST", Fixtures.namespacePath, body: Array(#"{"metadata":{"name":"fz-\#(g.suffix())"}}"#.utf8),
                                     defect: "auth.write", authenticated: false, headers: header)
        }
        return request
    }

    static func patch(_ g: inout SeededGenerator) -> HostileRequest {
        let subnet = "\(Fixtures.subnetPath)/\(Fixtures.subnet)"
        let cases: [(String, String, String, String)] = [
            (subnet, "application/merge-patch+json", #"{"spec":{"cidrBlock":"\#(g.pick(AdmissionDefects.badCIDRs))"}}"#, "patch.merge.cidrBlock"),
            (subnet, "application/merge-patch+json", #"{"metadata":{"labels":{"bad key!":"x"}}}"#, "patch.merge.label"),
            (subnet, "application/merge-patch+json", #"{"metadata":{"name":"renamed"}}"#, "patch.merge.rename"),
            (subnet, "application/merge-patch+json", g.pick(["[1,2]", "\"s\"", "7"]), "patch.merge.notAnObject"),
            (subnet, "application/json-patch+json", g.pick([
                #"[{"op":"explode","path":"/spec"}]"#, #"[{"op":"add"}]"#, #"[{"op":"remove","path":"/spec/nonexistent"}]"#,
                #"[{"op":"test","path":"/spec/cidrBlock","value":"nope"}]"#, #"{"op":"add","path":"/spec/x","value":1}"#,
                #"[{"op":"replace","path":"spec/cidrBlock","value":"10.1.0.0/24"}]"#, #"[{"op":"move","from":"/nope","path":"/spec/x"}]"#,
                #"[{"op":"replace","path":"/spec/cidrBlock","value":"10.79.0.0/24"}]"#, #"[{"op":"add","path":"/spec/excludeIps/99","value":"x"}]"#,
            ]), "patch.json"),
            (subnet, "application/strategic-merge-patch+json", #"{"metadata":{"labels":{"a":"b"}}}"#, "patch.strategicOnCustomResource"),
            (subnet, g.pick(["application/xml", "text/plain", ""]), #"{"metadata":{"labels":{"a":"b"}}}"#, "patch.mediaType"),
            ("\(Fixtures.subnetPath)/nope-\(g.suffix())", "application/merge-patch+json", #"{"metadata":{"labels":{"a":"b"}}}"#, "patch.missingObject"),
            ("\(Fixtures.podPath)/\(Fixtures.pod)", "application/strategic-merge-patch+json", #"{"metadata":{"annotations":{"ovn.kubernetes.io/mac_address":"zz"}}}"#, "patch.pod.mac"),
            ("\(Fixtures.namespacePath)/\(Fixtures.namespace)", "application/merge-patch+json", #"{"metadata":{"labels":{"managed.es.io/project-id":"not a project"}}}"#, "patch.namespace.project"),
        ]
        let (path, mediaType, body, defect) = g.pick(cases)
        return HostileRequest("PATCH", path, body: Array(body.utf8), contentType: mediaType.isEmpty ? nil : mediaType, defect: defect)
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
