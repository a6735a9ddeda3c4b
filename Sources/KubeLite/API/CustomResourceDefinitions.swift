import SCNetAPI

/// The CustomResourceDefinitions a real cluster needs for scnet's own kinds (Vpc, Subnet, IP of
/// `kubeovn.io`; Fip of `neutron.io`), built from the same schemas and printer columns the
/// embedded API serves, so the two cannot drift apart.
public enum CustomResourceDefinitions {
    /// One `apiextensions.k8s.io/v1` CustomResourceDefinition per kind, in discovery order.
    public static var all: [JSONValue] {
        ServedResource.all.filter { $0.group == "kubeovn.io" || $0.group == "neutron.io" }.map(definition)
    }

    static func definition(_ r: ServedResource) -> JSONValue {
        var properties: [String: JSONValue] = [
            "spec": FieldSchemas.part(r.kind, status: false, description: "The desired state.")
        ]
        if r.hasStatus { properties["status"] = FieldSchemas.part(r.kind, status: true, description: "The observed state.") }
        let columns: [JSONValue] = r.printerColumns.compactMap { column in
            guard let path = column.path else { return nil }
            var c: [String: JSONValue] = [
                "name": .string(column.name), "type": .string(column.type), "jsonPath": .string("." + path),
            ]
            if column.priority != 0 { c["priority"] = .number(Double(column.priority)) }
            return .object(c)
        }
        var version: [String: JSONValue] = [
            "name": .string(r.version), "served": .bool(true), "storage": .bool(true),
            "schema": .object(["openAPIV3Schema": .object([
                "type": .string("object"), "x-kubernetes-preserve-unknown-fields": .bool(true),
                "properties": .object(properties),
            ])]),
            "additionalPrinterColumns": .array(columns),
        ]
        if r.hasStatus { version["subresources"] = .object(["status": .object([:])]) }
        var names: [String: JSONValue] = [
            "plural": .string(r.plural), "singular": .string(r.singular), "kind": .string(r.kind),
            "shortNames": .array(r.shortNames.map(JSONValue.string)),
        ]
        if !r.categories.isEmpty { names["categories"] = .array(r.categories.map(JSONValue.string)) }
        return .object([
            "apiVersion": .string("apiextensions.k8s.io/v1"), "kind": .string("CustomResourceDefinition"),
            "metadata": .object(["name": .string("\(r.plural).\(r.group)")]),
            "spec": .object([
                "group": .string(r.group), "scope": .string(r.namespaced ? "Namespaced" : "Cluster"),
                "names": .object(names), "versions": .array([.object(version)]),
            ]),
        ])
    }
}
