import Foundation
import SCNetAPI

/// The part of an object a write addresses: the object itself or its `status` subresource.
public enum Subresource: String, Sendable {
    case main, status
}

/// REST write semantics, each atomic on the store: uid, creationTimestamp and generation on
/// create; optimistic concurrency; the status subresource split; finalizers and
/// deletionTimestamp; SCNetAPI admission and defaults on every create and update.
extension ObjectStore {
    static let builtInNamespaces = ["default", "kube-system", "kube-public"]

    /// Creates the namespaces a fresh cluster has (only those missing).
    public func ensureBuiltInNamespaces() throws {
        for ns in Self.builtInNamespaces where get(.namespaces, namespace: nil, name: ns) == nil {
            _ = try create(.namespaces, namespace: nil, body: .object(["metadata": .object(["name": .string(ns)])]))
        }
    }

    /// Stores a new object. `namespace` is the one in the URL (nil for cluster-scoped types).
    public func create(_ r: ServedResource, namespace: String?, body: JSONValue, dryRun: Bool = false) throws -> JSONValue {
        var object = try checkedBody(r, body)
        var name = object.meta("name") ?? ""
        if name.isEmpty, let prefix = object.meta("generateName"), !prefix.isEmpty {
            name = prefix + Self.randomSuffix()
            object.set(["metadata", "name"], .string(name))
        }
        guard !name.isEmpty else {
            throw KubeLiteError.invalid(r, name: "", [Violation("metadata.name", "Required value: name or generateName is required")])
        }
        if let violation = MetadataRules.nameViolation(name, isNamespace: r == .namespaces) {
            throw KubeLiteError.invalid(r, name: name, [violation])
        }
        try placeInNamespace(r, &object, urlNamespace: namespace)
        if get(r, namespace: object.meta("namespace"), name: name) != nil { throw KubeLiteError.alreadyExists(r, name: name) }
        object.set(["metadata", "uid"], .string(UUID().uuidString.lowercased()))
        object.set(["metadata", "creationTimestamp"], .string(Self.now()))
        object.set(["metadata", "generation"], .number(1))
        for field in ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields"] {
            object.set(["metadata", field], nil)
        }
        switch r.kind {
        case "Namespace": object.set(["status"], .object(["phase": .string("Active")]))
        case "Pod": object.set(["status"], .object(["phase": .string("Pending")]))
        case "Node": break
        default: if r.hasStatus { object.set(["status"], nil) }
        }
        let typed: AnyResource?
        (object, typed) = try admit(r, object, old: nil)
        return dryRun ? object : try commit(.added, r, object, typed: typed)
    }

    /// Replaces an object (PUT), or its status with `.status`. A non-empty `metadata.resourceVersion`
    /// in `body` must be the current one (409 otherwise).
    public func update(_ r: ServedResource, namespace: String?, name: String, body: JSONValue, subresource: Subresource = .main, dryRun: Bool = false) throws -> JSONValue {
        guard let current = get(r, namespace: namespace, name: name) else { throw KubeLiteError.notFound(r, name: name) }
        var incoming = try checkedBody(r, body)
        if let bodyName = incoming.meta("name"), !bodyName.isEmpty, bodyName != name {
            throw KubeLiteError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if let rv = incoming.meta("resourceVersion"), !rv.isEmpty, rv != current.meta("resourceVersion") {
            throw KubeLiteError.conflict(r, name: name)
        }
        var object: JSONValue
        if subresource == .status {
            object = current
            object.set(["status"], incoming["status"])
        } else {
            incoming.set(["metadata", "name"], .string(name))
            for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace"] {
                incoming.set(["metadata", field], current["metadata"]?[field])
            }
            if r.hasStatus { incoming.set(["status"], current["status"]) }
            object = incoming
        }
        object.set(["metadata", "resourceVersion"], current["metadata"]?["resourceVersion"])
        Self.setGeneration(&object, from: current)
        if object == current { return current }
        if current.meta("deletionTimestamp") != nil, object.finalizers.isEmpty {
            return dryRun ? object : try commit(.deleted, r, object)
        }
        let typed: AnyResource?
        (object, typed) = try admit(r, object, old: current)
        // As kube-apiserver: compared after defaulting and admission. A write that changes
        // nothing (e.g. an excludeIps without the gateway, which the default adds back) stores
        // nothing — no resourceVersion, watch event or journal entry — and answers the stored object.
        Self.setGeneration(&object, from: current)
        if object == current { return current }
        return dryRun ? object : try commit(.modified, r, object, typed: typed)
    }

    /// Applies `patch` to the current object and stores the result as an update (see ``update``).
    /// With `createIfMissing` (server-side apply) an absent object is created from `patch(nil)`.
    public func patch(
        _ r: ServedResource, namespace: String?, name: String, subresource: Subresource = .main, dryRun: Bool = false,
        createIfMissing: Bool = false, _ patch: @Sendable (JSONValue?) throws -> JSONValue
    ) throws -> (object: JSONValue, created: Bool) {
        guard let current = get(r, namespace: namespace, name: name) else {
            guard createIfMissing else { throw KubeLiteError.notFound(r, name: name) }
            var body = try patch(nil)
            body.set(["metadata", "name"], .string(name))
            return (try create(r, namespace: namespace, body: body, dryRun: dryRun), true)
        }
        let patched = try patch(current)
        return (try update(r, namespace: namespace, name: name, body: patched, subresource: subresource, dryRun: dryRun), false)
    }

    /// Deletes an object: at once without finalizers, else marks it with `deletionTimestamp`
    /// (removing the last finalizer later deletes it). Deleting a namespace deletes what is in it.
    public func delete(_ r: ServedResource, namespace: String?, name: String, dryRun: Bool = false) throws -> JSONValue {
        guard let current = get(r, namespace: namespace, name: name) else { throw KubeLiteError.notFound(r, name: name) }
        if dryRun { return current }
        if r == .namespaces {
            for inner in ServedResource.all where inner.namespaced {
                for o in list(inner, filter: ObjectFilter(namespace: name)).items {
                    _ = try delete(inner, namespace: name, name: o.meta("name") ?? "")
                }
            }
        }
        if !current.finalizers.isEmpty {
            if current.meta("deletionTimestamp") != nil { return current }
            var marked = current
            marked.set(["metadata", "deletionTimestamp"], .string(Self.now()))
            marked.set(["metadata", "deletionGracePeriodSeconds"], .number(0))
            return try commit(.modified, r, marked)
        }
        return try commit(.deleted, r, current)
    }

    /// References of `object` to objects that do not exist yet (SPEC X2): accepted, but worth a warning.
    /// `committed`: `object` is what a write just stored (not a dry run, whose answer carries
    /// the stored version's resourceVersion but not its content).
    public func unresolvedReferences(_ r: ServedResource, _ object: JSONValue, committed: Bool = false) -> [Violation] {
        // Right after a write the index holds this very version typed: no second decode.
        let name = object.meta("name") ?? ""
        let stored = committed ? cluster.stored(r, key: Self.key(object.meta("namespace"), name), name: name) : nil
        let current = stored.flatMap { $0.metadata.resourceVersion == object.meta("resourceVersion") ? $0 : nil }
        guard let typed = current ?? ClusterIndex.typed(object, as: r) else { return [] }
        return Admission.unresolvedReferences(of: typed, in: cluster)
    }

    // MARK: Pieces

    private func checkedBody(_ r: ServedResource, _ body: JSONValue) throws -> JSONValue {
        guard body.objectValue != nil else { throw KubeLiteError.badRequest("the body of the request is not a JSON object") }
        if let kind = body["kind"]?.stringValue, !kind.isEmpty, kind != r.kind {
            throw KubeLiteError.badRequest("the kind of the object (\(kind)) does not match the resource \(r.qualifiedName) (\(r.kind))")
        }
        if let v = body["apiVersion"]?.stringValue, !v.isEmpty, v != r.apiVersion {
            throw KubeLiteError.badRequest("the apiVersion of the object (\(v)) does not match \(r.apiVersion)")
        }
        let metadataViolations = MetadataRules.violations(of: body["metadata"])
        guard metadataViolations.isEmpty else {
            throw KubeLiteError.invalid(r, name: body.meta("name") ?? "", metadataViolations)
        }
        var object = body
        object.set(["kind"], .string(r.kind))
        object.set(["apiVersion"], .string(r.apiVersion))
        return object
    }

    private func placeInNamespace(_ r: ServedResource, _ object: inout JSONValue, urlNamespace: String?) throws {
        guard r.namespaced else {
            object.set(["metadata", "namespace"], nil)
            return
        }
        let ns = urlNamespace ?? object.meta("namespace") ?? "default"
        if let bodyNs = object.meta("namespace"), !bodyNs.isEmpty, bodyNs != ns {
            throw KubeLiteError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        guard get(.namespaces, namespace: nil, name: ns) != nil else { throw KubeLiteError.namespaceNotFound(ns) }
        object.set(["metadata", "namespace"], .string(ns))
    }

    /// Runs SCNetAPI admission on the typed object and applies its kind's defaults; answers the
    /// object to store and, when it needed no defaults, its typed form (which the index then need
    /// not decode again).
    private func admit(_ r: ServedResource, _ object: JSONValue, old: JSONValue?) throws -> (JSONValue, AnyResource?) {
        guard r.modelled else { return (object, nil) }
        let name = object.meta("name") ?? ""
        guard let typed = ClusterIndex.typed(object, as: r) else {
            throw KubeLiteError.badRequest("\(r.kind) \"\(name)\": the body does not match the \(r.kind) schema")
        }
        let key = Self.key(r.namespaced ? object.meta("namespace") : nil, name)
        let oldTyped = old.flatMap { cluster.stored(r, key: key, name: name) ?? ClusterIndex.typed($0, as: r) }
        let violations = Admission.review(typed, old: oldTyped, in: cluster)
        guard violations.isEmpty else { throw KubeLiteError.invalid(r, name: name, violations) }
        let defaulted = Admission.defaulted(typed)
        guard defaulted != typed, let encoded = try? JSONValue.parse(JSONEncoder().encode(AnyCodable(defaulted.object))) else {
            return (object, typed)
        }
        var out = object
        out.set(["spec"], encoded["spec"])
        return (out, nil)
    }

    /// Sets `object`'s generation: the current one, plus one when its spec part (see
    /// ``specPart(_:)``) differs from `current`'s. Metadata-only and status-only writes keep it.
    /// Idempotent, so it can run again once admission has applied defaults.
    static func setGeneration(_ object: inout JSONValue, from current: JSONValue) {
        guard specPart(object) != specPart(current) else {
            object.set(["metadata", "generation"], current["metadata"]?["generation"])
            return
        }
        let generation = max(1, ServedResource.number(current["metadata"]?["generation"]))
        object.set(["metadata", "generation"], .number(generation + 1))
    }

    /// Everything but metadata and status: what a change of bumps `metadata.generation`.
    static func specPart(_ o: JSONValue) -> JSONValue {
        var o = o
        o.set(["metadata"], nil)
        o.set(["status"], nil)
        return o
    }

    static func now() -> String { Date().formatted(.iso8601) }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }
}

/// Encodes an existential `KubeResource`.
private struct AnyCodable: Encodable {
    let value: any KubeResource
    init(_ value: any KubeResource) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
