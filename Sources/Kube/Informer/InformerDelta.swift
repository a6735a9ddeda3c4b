import SCNetAPI

/// A change to an informer's cache, as handlers see it.
public enum InformerDelta<R: KubeResource>: Sendable {
    case added(R)
    case updated(old: R, new: R)
    /// The last state known of an object that is gone; also for objects that vanished while the
    /// watch was down (found missing by a re-list).
    case deleted(R)
    /// The first list is in the cache: from here on ``Informer/hasSynced`` is true.
    case synced

    /// The object the delta is about (`nil` for `.synced`).
    public var object: R? {
        switch self {
        case .added(let o), .deleted(let o): o
        case .updated(_, let o): o
        case .synced: nil
        }
    }
}
