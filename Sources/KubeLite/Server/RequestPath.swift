import Foundation

/// What a resource URL addresses: `/api/v1/[namespaces/NS/]PLURAL[/NAME[/status]]` or the same under
/// `/apis/GROUP/VERSION`. `/api/v1/namespaces/NAME` is the Namespace itself.
struct RequestPath: Equatable {
    var resource: ServedResource
    var namespace: String?
    var name: String?
    var subresource: Subresource

    /// nil when the path is no resource path (discovery, OpenAPI, unknown).
    init?(_ path: String) {
        var parts = path.split(separator: "/").map(String.init)
        let group: String, version: String
        if parts.first == "api", parts.count >= 3 {
            (group, version) = ("", parts[1])
            parts.removeFirst(2)
        } else if parts.first == "apis", parts.count >= 4 {
            (group, version) = (parts[1], parts[2])
            parts.removeFirst(3)
        } else {
            return nil
        }
        var namespace: String?
        if parts.count >= 3, parts[0] == "namespaces", ServedResource.find(group: group, plural: parts[2])?.namespaced == true {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard let resource = ServedResource.find(group: group, plural: parts[0]), resource.version == version, parts.count <= 3 else { return nil }
        self.resource = resource
        self.namespace = namespace
        name = parts.count >= 2 ? parts[1] : nil
        if parts.count == 3 {
            guard parts[2] == "status", resource.hasStatus else { return nil }
            subresource = .status
        } else {
            subresource = .main
        }
    }
}

/// Query parameters, percent-decoded. A key given twice keeps its first value, as
/// kube-apiserver's conversion does.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(kv[0])
            if values[key] == nil { values[key] = kv.count > 1 ? Self.decode(kv[1]) : "" }
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    /// A boolean parameter read as kube-apiserver reads one: absent is false; present, it is true
    /// unless it is `0` or `false` in any case (`watch=True`, as the Python client sends, and a
    /// bare `watch` are true).
    func flag(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return value != "0" && value.lowercased() != "false"
    }

    /// An integer parameter (`limit`, `timeoutSeconds`, a watch's `resourceVersion`): absent or
    /// empty is nil; anything but a non-negative integer is a 400 naming the parameter, as
    /// kube-apiserver's conversion answers.
    func integer(_ key: String) throws -> Int? {
        guard let text = values[key], !text.isEmpty else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw KubeLiteError.badRequest("\(key): must be a non-negative integer, not \"\(text)\"")
        }
        return value
    }

    static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}
