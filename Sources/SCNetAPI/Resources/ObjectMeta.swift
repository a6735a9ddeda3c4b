/// Kubernetes object metadata (`metadata`), with the fields scnet reads or writes; the rest
/// (e.g. `managedFields`) is kept in ``unknownFields``.
public struct ObjectMeta: Hashable, Sendable, Codable {
    public var name: String
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    /// RFC 3339 timestamps, kept as text as the API server writes them.
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]
    public var annotations: [String: String]
    public var finalizers: [String]
    public var ownerReferences: [JSONValue]
    public var unknownFields: [String: JSONValue] = [:]

    public init(
        name: String, namespace: String? = nil, labels: [String: String] = [:],
        annotations: [String: String] = [:], finalizers: [String] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.finalizers = finalizers
        self.ownerReferences = []
    }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        name = try f("name", default: "")
        generateName = try f("generateName")
        namespace = try f("namespace")
        uid = try f("uid")
        resourceVersion = try f("resourceVersion")
        generation = try f("generation")
        creationTimestamp = try f("creationTimestamp")
        deletionTimestamp = try f("deletionTimestamp")
        deletionGracePeriodSeconds = try f("deletionGracePeriodSeconds")
        labels = try f("labels", default: [:])
        annotations = try f("annotations", default: [:])
        finalizers = try f("finalizers", default: [])
        ownerReferences = try f("ownerReferences", default: [])
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("name", name.isEmpty ? nil : name)
        try f("generateName", generateName)
        try f("namespace", namespace)
        try f("uid", uid)
        try f("resourceVersion", resourceVersion)
        try f("generation", generation)
        try f("creationTimestamp", creationTimestamp)
        try f("deletionTimestamp", deletionTimestamp)
        try f("deletionGracePeriodSeconds", deletionGracePeriodSeconds)
        try f.nonEmpty("labels", labels)
        try f.nonEmpty("annotations", annotations)
        try f.nonEmpty("finalizers", finalizers)
        try f.nonEmpty("ownerReferences", ownerReferences)
        try f.unknown(unknownFields)
    }
}

/// A status condition as Kubernetes and Kube-OVN write them.
public struct Condition: Hashable, Sendable, Codable {
    public var type: String
    /// "True", "False" or "Unknown".
    public var status: String
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: String?
    public var lastUpdateTime: String?
    public var observedGeneration: Int64?
    public var unknownFields: [String: JSONValue] = [:]

    public init(type: String, status: Bool, reason: String, message: String) {
        self.type = type
        self.status = status ? "True" : "False"
        self.reason = reason
        self.message = message
    }

    public var isTrue: Bool { status == "True" }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        type = try f("type", default: "")
        status = try f("status", default: "Unknown")
        reason = try f("reason")
        message = try f("message")
        lastTransitionTime = try f("lastTransitionTime")
        lastUpdateTime = try f("lastUpdateTime")
        observedGeneration = try f("observedGeneration")
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("type", type)
        try f("status", status)
        try f("reason", reason)
        try f("message", message)
        try f("lastTransitionTime", lastTransitionTime)
        try f("lastUpdateTime", lastUpdateTime)
        try f("observedGeneration", observedGeneration)
        try f.unknown(unknownFields)
    }
}

extension Array where Element == Condition {
    /// The condition of `type`, if present.
    public subscript(type type: String) -> Condition? { first { $0.type == type } }

    /// Sets a condition, keeping `lastTransitionTime` when the status does not change.
    public mutating func set(_ condition: Condition, now: String) {
        var c = condition
        if let i = firstIndex(where: { $0.type == c.type }) {
            c.lastTransitionTime = self[i].status == c.status ? self[i].lastTransitionTime : now
            c.lastUpdateTime = now
            self[i] = c
        } else {
            c.lastTransitionTime = now
            c.lastUpdateTime = now
            append(c)
        }
    }
}
