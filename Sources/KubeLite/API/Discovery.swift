import SCNetAPI

/// Legacy (non-aggregated) discovery documents and `/version`: kubectl reads scope, verbs, short
/// names and categories from them (`kubectl api-resources`, `kubectl get subnet`).
enum Discovery {
    static let verbs: [JSONValue] = ["create", "delete", "get", "list", "patch", "update", "watch"].map { .string($0) }

    static var version: JSONValue {
        // kubectl's dispatcher picks the kubectl binary by this version: say 1.32.
        .object(["major": .string("1"), "minor": .string("32"), "gitVersion": .string("v1.32.4"), "gitCommit": .string("kubelite"),
                 "gitTreeState": .string("clean"), "buildDate": .string("2025-01-01T00:00:00Z"), "goVersion": .string("n/a"),
                 "compiler": .string("swift"), "platform": .string("linux/amd64")])
    }

    static func apiVersions(serverAddress: String) -> JSONValue {
        .object(["kind": .string("APIVersions"), "versions": .array([.string("v1")]),
                 "serverAddressByClientCIDRs": .array([.object(["clientCIDR": .string("0.0.0.0/0"), "serverAddress": .string(serverAddress)])])])
    }

    static var apiGroupList: JSONValue {
        let groups: [JSONValue] = ServedResource.groupVersions.filter { !$0.group.isEmpty }.map { gv in
            let v: JSONValue = .object(["groupVersion": .string("\(gv.group)/\(gv.version)"), "version": .string(gv.version)])
            return .object(["name": .string(gv.group), "versions": .array([v]), "preferredVersion": v])
        }
        return .object(["kind": .string("APIGroupList"), "apiVersion": .string("v1"), "groups": .array(groups)])
    }

    /// `APIResourceList` of one group version, or nil when it is not served.
    static func resourceList(group: String, version: String) -> JSONValue? {
        let served = ServedResource.all.filter { $0.group == group && $0.version == version }
        guard !served.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for r in served {
            var entry: [String: JSONValue] = [
                "name": .string(r.plural), "singularName": .string(r.singular), "namespaced": .bool(r.namespaced),
                "kind": .string(r.kind), "verbs": .array(verbs), "shortNames": .array(r.shortNames.map { .string($0) }),
            ]
            if !r.categories.isEmpty { entry["categories"] = .array(r.categories.map { .string($0) }) }
            resources.append(.object(entry))
            if r.hasStatus {
                resources.append(.object(["name": .string("\(r.plural)/status"), "singularName": .string(""), "namespaced": .bool(r.namespaced),
                                          "kind": .string(r.kind), "verbs": .array(["get", "patch", "update"].map { .string($0) })]))
            }
        }
        return .object(["kind": .string("APIResourceList"), "apiVersion": .string("v1"),
                        "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(resources)])
    }
}
