import SCNetAPI

/// `namespace/name` (just `name` for cluster-scoped objects): how caches and work queues key objects.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var namespace: String?
    public var name: String

    public init(namespace: String? = nil, name: String) {
        self.namespace = namespace.flatMap { $0.isEmpty ? nil : $0 }
        self.name = name
    }

    public init<R: KubeResource>(_ object: R) {
        self.init(namespace: R.isNamespaced ? object.metadata.namespace : nil, name: object.metadata.name)
    }

    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }

    public static func < (a: ObjectKey, b: ObjectKey) -> Bool { a.description < b.description }
}
