import SCNetAPI

/// Strategic merge patch as kubectl sends it for built-in kinds (Pod, Namespace, Node, Service, Event).
/// Lists kubectl merges by key (containers by `name`, volumeMounts by `mountPath`, ports by
/// `containerPort`/`port`) are merged element by element; `finalizers` are a set; every other list is
/// replaced. Directives: `$patch` (replace/delete/merge), `$setElementOrder/<list>`, `$retainKeys`,
/// `$deleteFromPrimitiveList/<list>`.
public enum StrategicMergePatch {
    /// List fields merged by a key, with the key's name.
    static let mergeKeys: [String: [String]] = [
        "containers": ["name"], "initContainers": ["name"], "ephemeralContainers": ["name"], "volumes": ["name"],
        "env": ["name"], "imagePullSecrets": ["name"], "hostAliases": ["ip"], "volumeMounts": ["mountPath"],
        "volumeDevices": ["devicePath"], "ports": ["containerPort", "port"], "readinessGates": ["conditionType"],
        "conditions": ["type"], "ownerReferences": ["uid"],
    ]
    /// Primitive lists merged as sets.
    static let setLists: Set<String> = ["finalizers"]

    public static func apply(_ patch: JSONValue, to target: JSONValue) throws -> JSONValue {
        try mergeObject(patch, target)
    }

    static func mergeObject(_ patch: JSONValue, _ target: JSONValue?) throws -> JSONValue {
        guard case .object(var p) = patch else { return patch }
        if let directive = p.removeValue(forKey: "$patch")?.stringValue {
            switch directive {
            case "replace": return .object(p)
            case "delete": return .null
            case "merge": break
            default: throw KubeLiteError.badRequest("unknown strategic merge patch directive $patch: \(directive)")
            }
        }
        let retain = p.removeValue(forKey: "$retainKeys")?.arrayValue?.compactMap(\.stringValue)
        var out = target?.objectValue ?? [:]
        var orders: [String: [JSONValue]] = [:]
        for (k, v) in p {
            if k.hasPrefix("$setElementOrder/") {
                orders[String(k.dropFirst("$setElementOrder/".count))] = v.arrayValue ?? []
            } else if k.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(k.dropFirst("$deleteFromPrimitiveList/".count))
                let drop = v.arrayValue ?? []
                out[field] = out[field]?.arrayValue.map { .array($0.filter { !drop.contains($0) }) }
            }
        }
        for (k, v) in p where !k.hasPrefix("$") {
            switch v {
            case .null: out[k] = nil
            case .object:
                let merged = try mergeObject(v, out[k])
                out[k] = merged == .null ? nil : merged
            case .array(let items): out[k] = try mergeList(k, items, out[k]?.arrayValue)
            default: out[k] = v
            }
        }
        for (field, order) in orders {
            guard let list = out[field]?.arrayValue, let keyName = keyName(field, order + list) else { continue }
            let position = Dictionary(order.enumerated().map { ($1[keyName] ?? .null, $0) }, uniquingKeysWith: { a, _ in a })
            out[field] = .array(list.enumerated().sorted {
                (position[$0.element[keyName] ?? .null] ?? order.count + $0.offset, $0.offset)
                    < (position[$1.element[keyName] ?? .null] ?? order.count + $1.offset, $1.offset)
            }.map(\.element))
        }
        if let retain { out = out.filter { retain.contains($0.key) } }
        return .object(out)
    }

    /// The merge key of list `field` whose elements carry it, if the list is merged by key.
    static func keyName(_ field: String, _ elements: [JSONValue]) -> String? {
        mergeKeys[field]?.first { key in elements.contains { $0[key] != nil } }
    }

    static func mergeList(_ field: String, _ patch: [JSONValue], _ target: [JSONValue]?) throws -> JSONValue {
        if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
            return .array(patch.filter { $0["$patch"] == nil })
        }
        if setLists.contains(field) {
            var out = target ?? []
            for v in patch where !out.contains(v) { out.append(v) }
            return .array(out)
        }
        guard let key = keyName(field, patch + (target ?? [])) else { return .array(patch) }
        var out = target ?? []
        for element in patch {
            let id = element[key]
            let index = out.firstIndex { $0[key] == id }
            if element["$patch"]?.stringValue == "delete" {
                if let index { out.remove(at: index) }
            } else if let index {
                out[index] = try mergeObject(element, out[index])
            } else {
                out.append(try mergeObject(element, nil))
            }
        }
        return .array(out)
    }
}
