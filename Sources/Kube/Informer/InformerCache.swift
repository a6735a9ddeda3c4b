import SCNetAPI

/// An informer's local copy of a collection, keyed by ``ObjectKey``, as a value: applying a
/// list or a watch event returns the deltas it caused. Repeats are absorbed (an event whose
/// object has the cached resourceVersion changes nothing), and a re-list deletes what it no
/// longer contains, so reconnects neither repeat nor lose changes.
public struct InformerCache<R: KubeResource>: Sendable {
    public private(set) var objects: [ObjectKey: R] = [:]

    public init() {}

    /// Replaces the contents with a full list; returns adds, updates (changed resourceVersion)
    /// and deletes (cached but not listed), deletes last, each group in key order.
    public mutating func replace(with items: [R]) -> [InformerDelta<R>] {
        var deltas: [InformerDelta<R>] = []
        var listed: [ObjectKey: R] = [:]
        for item in items { listed[ObjectKey(item)] = item }
        for key in listed.keys.sorted() {
            let new = listed[key]!
            guard let old = objects[key] else {
                deltas.append(.added(new))
                continue
            }
            if let oldUID = old.metadata.uid, let newUID = new.metadata.uid, oldUID != newUID {
                // Deleted and re-created under the same name while the watch was down.
                deltas.append(.deleted(old))
                deltas.append(.added(new))
            } else if old.metadata.resourceVersion != new.metadata.resourceVersion {
                deltas.append(.updated(old: old, new: new))
            }
        }
        for key in objects.keys.sorted() where listed[key] == nil {
            deltas.append(.deleted(objects[key]!))
        }
        objects = listed
        return deltas
    }

    /// Applies one watch event; returns its delta, or `nil` if it changed nothing.
    public mutating func apply(_ event: WatchEvent<R>) -> InformerDelta<R>? {
        switch event {
        case .added(let object), .modified(let object):
            let key = ObjectKey(object)
            guard let old = objects[key] else {
                objects[key] = object
                return .added(object)
            }
            if old.metadata.resourceVersion == object.metadata.resourceVersion, old.metadata.uid == object.metadata.uid {
                return nil
            }
            objects[key] = object
            return .updated(old: old, new: object)
        case .deleted(let object):
            guard let old = objects.removeValue(forKey: ObjectKey(object)) else { return nil }
            return .deleted(object.metadata.resourceVersion == nil ? old : object)
        case .bookmark, .error:
            return nil
        }
    }

    public subscript(key: ObjectKey) -> R? { objects[key] }
}
