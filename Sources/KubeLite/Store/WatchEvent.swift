import SCNetAPI

/// One change to one object, as a watch sends it and the journal records it.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED", bookmark = "BOOKMARK"
    }

    public var type: Kind
    public var resource: ServedResource
    /// The object after the change (for `DELETED`: as it was, with the deletion's resourceVersion).
    public var object: JSONValue
    /// The object before the change, so a filtered watch can tell an object leaving its selector.
    public var previous: JSONValue?
    public var revision: Int64
}

/// Which objects of one type a watch or list wants.
public struct ObjectFilter: Sendable {
    public var namespace: String?
    public var labels: LabelSelector
    public var fields: FieldSelector

    public init(namespace: String? = nil, labels: LabelSelector = .everything, fields: FieldSelector = .everything) {
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
    }

    public func matches(_ object: JSONValue) -> Bool {
        if let namespace, object.meta("namespace") != namespace { return false }
        return labels.matches(object.metaMap("labels")) && fields.matches(object)
    }
}
