import SCNetAPI

/// OpenAPI v3 documents: kubectl apply/edit refuse to run without them (client validation). Each
/// PATCH operation carries `x-kubernetes-group-version-kind` and a `fieldValidation` parameter, so
/// kubectl leaves validation to the server (our admission). Strategic merge is deliberately not
/// listed: kubectl then uses its compiled-in SMP for built-ins and merge patch for custom resources.
enum OpenAPI {
    static func gvPath(_ group: String, _ version: String) -> String { group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)" }

    static var index: JSONValue {
        var paths: [String: JSONValue] = [:]
        for gv in ServedResource.groupVersions {
            let p = gvPath(gv.group, gv.version)
            paths[p] = .object(["serverRelativeURL": .string("/openapi/v3/\(p)?hash=kubelite1")])
        }
        return .object(["paths": .object(paths)])
    }

    static func schemaName(_ r: ServedResource) -> String {
        let reversed = r.group.isEmpty ? "io.k8s.api.core" : r.group.split(separator: ".").reversed().joined(separator: ".")
        return "\(reversed).\(r.version).\(r.kind)"
    }

    static func document(group: String, version: String) -> JSONValue? {
        let served = ServedResource.all.filter { $0.group == group && $0.version == version }
        guard !served.isEmpty else { return nil }
        var paths: [String: JSONValue] = [:]
        var schemas: [String: JSONValue] = ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": objectMeta]
        for r in served {
            let gvk: JSONValue = .object(["group": .string(r.group), "version": .string(r.version), "kind": .string(r.kind)])
            let ref: JSONValue = .object(["$ref": .string("#/components/schemas/\(schemaName(r))")])
            let body: JSONValue = .object(["schema": ref])
            let params: [JSONValue] = ["fieldValidation", "dryRun", "fieldManager", "force"].map {
                .object(["name": .string($0), "in": .string("query"), "schema": .object(["type": .string("string")])])
            }
            func op(_ action: String, _ request: [String: JSONValue]? = nil) -> JSONValue {
                var o: [String: JSONValue] = ["x-kubernetes-action": .string(action), "x-kubernetes-group-version-kind": gvk,
                                              "parameters": .array(params),
                                              "responses": .object(["200": .object(["description": .string("OK"), "content": .object(["application/json": body])])])]
                if let request { o["requestBody"] = .object(["content": .object(request)]) }
                return .object(o)
            }
            let base = "/" + gvPath(r.group, r.version) + (r.namespaced ? "/namespaces/{namespace}" : "") + "/\(r.plural)"
            paths[base] = .object(["get": op("list"), "post": op("post", ["application/json": body])])
            let patchTypes = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
            paths[base + "/{name}"] = .object([
                "get": op("get"), "put": op("put", ["application/json": body]), "delete": op("delete"),
                "patch": op("patch", Dictionary(uniqueKeysWithValues: patchTypes.map { ($0, JSONValue.object(["schema": .object(["type": .string("object")])])) })),
            ])
            schemas[schemaName(r)] = .object([
                "type": .string("object"), "description": .string("\(r.kind) (\(r.apiVersion)), served by scnet's embedded API."),
                "x-kubernetes-group-version-kind": .array([gvk]),
                "properties": .object([
                    "apiVersion": .object(["type": .string("string"), "description": .string("APIVersion of this object.")]),
                    "kind": .object(["type": .string("string"), "description": .string("Kind of this object.")]),
                    "metadata": .object(["allOf": .array([.object(["$ref": .string("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")])]),
                                         "description": .string("Standard object metadata.")]),
                    "spec": FieldSchemas.part(r.kind, status: false, description: "The desired state of the \(r.kind)."),
                    "status": FieldSchemas.part(r.kind, status: true, description: "The observed state of the \(r.kind), written by the controller."),
                ]),
            ])
        }
        return .object(["openapi": .string("3.0.0"), "info": .object(["title": .string("scnet KubeLite"), "version": .string(version)]),
                        "paths": .object(paths), "components": .object(["schemas": .object(schemas)])])
    }

    static var objectMeta: JSONValue {
        let str: JSONValue = .object(["type": .string("string")])
        let map: JSONValue = .object(["type": .string("object"), "additionalProperties": str])
        return .object(["type": .string("object"), "description": .string("ObjectMeta is metadata that all persisted resources must have."),
                        "properties": .object(["name": str, "namespace": str, "generateName": str, "uid": str, "resourceVersion": str,
                                               "labels": map, "annotations": map,
                                               "finalizers": .object(["type": .string("array"), "items": str]),
                                               "generation": .object(["type": .string("integer")]),
                                               "creationTimestamp": str, "deletionTimestamp": str])])
    }
}
