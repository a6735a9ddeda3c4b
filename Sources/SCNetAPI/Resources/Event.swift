/// Core `v1` Event: how scnet tells users why something is not ready (X7).
public struct Event: KubeResource {
    public static let apiVersion = "v1"
    public static let kind = "Event"
    public static let plural = "events"
    public static let isNamespaced = true

    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    public var reason: String?
    public var message: String?
    /// `Normal` or `Warning`.
    public var type: String?
    public var count: Int?
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    public var source: [String: String]
    public var reportingComponent: String?
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta, involvedObject: ObjectReference, type: String, reason: String, message: String) {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.type = type
        self.reason = reason
        self.message = message
        self.count = 1
        self.source = ["component": "scnet-controller"]
        self.reportingComponent = "scnet-controller"
    }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        try readTypeMeta(&f)
        metadata = try f("metadata", default: ObjectMeta(name: ""))
        involvedObject = try f("involvedObject", default: ObjectReference())
        reason = try f("reason")
        message = try f("message")
        type = try f("type")
        count = try f("count")
        firstTimestamp = try f("firstTimestamp")
        lastTimestamp = try f("lastTimestamp")
        source = try f("source", default: [:])
        reportingComponent = try f("reportingComponent")
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try writeTypeMeta(Self.self, &f)
        try f("metadata", metadata)
        try f("involvedObject", involvedObject)
        try f("reason", reason)
        try f("message", message)
        try f("type", type)
        try f("count", count)
        try f("firstTimestamp", firstTimestamp)
        try f("lastTimestamp", lastTimestamp)
        try f.nonEmpty("source", source)
        try f("reportingComponent", reportingComponent)
        try f.unknown(unknownFields)
    }
}

/// A reference to the object an ``Event`` is about.
public struct ObjectReference: Hashable, Sendable, Codable {
    public var apiVersion: String?
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var resourceVersion: String?
    public var fieldPath: String?

    public init(apiVersion: String? = nil, kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }

    /// A reference to `object`.
    public init<R: KubeResource>(to object: R) {
        self.init(
            apiVersion: R.apiVersion, kind: R.kind, namespace: R.isNamespaced ? object.metadata.namespace : nil,
            name: object.metadata.name, uid: object.metadata.uid)
    }
}
