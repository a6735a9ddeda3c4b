/// Bodies of the wrong shape: metadata fields of the wrong type or with invalid keys, kinds and
/// apiVersions that do not match the URL, bodies that are no object, oversized annotations.
enum ShapeDefects {
    static func random(_ g: inout SeededGenerator) -> HostileRequest {
        let (path, kind, apiVersion) = g.pick([
            (Fixtures.subnetPath, "Subnet", "kubeovn.io/v1"), (Fixtures.vpcPath, "Vpc", "kubeovn.io/v1"),
            (Fixtures.podPath, "Pod", "v1"), ("/api/v1/namespaces/fuzz/services", "Service", "v1"),
            ("/api/v1/namespaces/fuzz/events", "Event", "v1"), (Fixtures.namespacePath, "Namespace", "v1"),
        ])
        let name = "fz-\(g.suffix())"
        let meta: String, defect: String
        switch Int.random(in: 0..<14, using: &g) {
        case 0: meta = #""metadata":"\#(name)""#; defect = "shape.metadata.string"
        case 1: meta = #""metadata":{"name":\#(Int.random(in: 0...999, using: &g))}"#; defect = "shape.name.number"
        case 2: meta = #""metadata":{"name":"\#(name)","labels":["a","b"]}"#; defect = "shape.labels.array"
        case 3: meta = #""metadata":{"name":"\#(name)","labels":{"k":\#(g.pick(["5", "true", "{}", "[]"]))}}"#; defect = "shape.labels.value.type"
        case 4: meta = #""metadata":{"name":"\#(name)","labels":{"\#(g.pick(["bad key!", "-k", "a/b/c", "UPPER.example.com/x", "/x", ""]))":"v"}}"#; defect = "shape.labels.key"
        case 5: meta = #""metadata":{"name":"\#(name)","labels":{"k":"\#(g.pick([String(repeating: "v", count: 64), "-v", "a b", "ü"]))"}}"#; defect = "shape.labels.value"
        case 6: meta = #""metadata":{"name":"\#(name)","annotations":{"k":\#(g.pick(["{\"a\":1}", "7", "null"]))}}"#; defect = "shape.annotations.value.type"
        case 7: meta = #""metadata":{"name":"\#(name)","annotations":{"k":"\#(String(repeating: "a", count: 262_145))"}}"#; defect = "shape.annotations.size"
        case 8: meta = #""metadata":{"name":"\#(name)","finalizers":"x"}"#; defect = "shape.finalizers.string"
        case 9:
            let body = #"{"apiVersion":"\#(apiVersion)","kind":"\#(g.pick(["Vpc", "Subnet", "Pod", "Secret"]).replacingOccurrences(of: kind, with: "Other"))","metadata":{"name":"\#(name)"}}"#
            return HostileRequest("POST", path, body: Array(body.utf8), defect: "shape.kind.mismatch")
        case 10:
            let body = #"{"apiVersion":"\#(g.pick(["kubeovn.io/v2", "v2", "apps/v1"]))","kind":"\#(kind)","metadata":{"name":"\#(name)"}}"#
            return HostileRequest("POST", path, body: Array(body.utf8), defect: "shape.apiVersion.mismatch")
        case 11:
            return HostileRequest("POST", path, body: Array(g.pick(["[]", "null", "\"text\"", "42", "true", "[{\"metadata\":{\"name\":\"\(name)\"}}]"]).utf8), defect: "shape.notAnObject")
        case 12: meta = #""metadata":{"generateName":"\#(g.pick(["Bad_", "-", "ü"]))"}"#; defect = "shape.generateName"
        default: meta = #""metadata":{}"#; defect = "shape.name.missing"
        }
        let body = #"{"apiVersion":"\#(apiVersion)","kind":"\#(kind)",\#(meta)}"#
        return HostileRequest("POST", path, body: Array(body.utf8), defect: defect)
    }
}
