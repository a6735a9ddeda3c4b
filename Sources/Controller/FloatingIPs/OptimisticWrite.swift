import Kube
import SCNetAPI

/// Writes one object with optimistic concurrency: `change` computes the object to store from
/// the current one (nil: nothing to do); on a 409 the object is read again and `change` decides
/// again, so a concurrent writer's result is never overwritten blindly.
enum OptimisticWrite {
    enum Target { case object, status }

    /// The stored object, or nil when `change` found nothing to do. Throws `KubeError` (e.g.
    /// `notFound` when the object disappeared).
    static func apply<R: KubeResource>(
        _ kube: KubeClient, _ target: Target, start: R, attempts: Int = 6, change: (R) -> R?
    ) async throws -> R? {
        var current = start
        for attempt in 1...attempts {
            guard let next = change(current) else { return nil }
            do {
                switch target {
                case .object: return try await kube.update(next)
                case .status: return try await kube.updateStatus(next)
                }
            } catch let error as KubeError where error.isConflict && attempt < attempts {
                current = try await kube.get(R.self, name: start.metadata.name, namespace: start.metadata.namespace)
            }
        }
        return nil  // not reached: the last attempt returns or throws
    }
}

/// Runs `body` on every element with at most `width` at a time; results in input order.
func concurrentMap<T: Sendable, U: Sendable>(
    _ items: [T], width: Int = 8, _ body: @escaping @Sendable (T) async -> U
) async -> [U] {
    await withTaskGroup(of: (Int, U).self) { group in
        var results = [U?](repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(width, items.count) {
            let index = next
            group.addTask { (index, await body(items[index])) }
            next += 1
        }
        for await (index, value) in group {
            results[index] = value
            if next < items.count {
                let index = next
                group.addTask { (index, await body(items[index])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
