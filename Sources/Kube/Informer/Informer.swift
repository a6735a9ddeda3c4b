import Logging
import SCNetAPI

/// Keeps a local cache of one resource type in step with the server (list, then watch) and
/// reports every change as an ``InformerDelta``: once, in order, across reconnects and
/// re-lists. ``hasSynced`` turns true after the first list is in the cache.
///
/// ```swift
/// let informer = Informer<Subnet>(client: client)
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { await informer.run() }
///     for await delta in informer.deltas { … queue.add(ObjectKey(delta.object!)) … }
/// }
/// ```
///
/// ``deltas`` has a single consumer; it finishes when ``run()`` returns.
public actor Informer<R: KubeResource> {
    public nonisolated let deltas: AsyncStream<InformerDelta<R>>
    private let continuation: AsyncStream<InformerDelta<R>>.Continuation
    private let watcher: ListWatcher<R>
    private var cache = InformerCache<R>()
    private var syncWaiters: [CheckedContinuation<Void, Never>] = []
    /// True once the first list has been applied.
    public private(set) var hasSynced = false
    /// The newest resourceVersion applied (list, event or bookmark).
    public private(set) var resourceVersion: String?

    public init(
        client: KubeClient, namespace: String? = nil, options: ListOptions = ListOptions(limit: 500),
        backoff: Backoff = Backoff(), watchTimeoutSeconds: Int? = nil
    ) {
        watcher = ListWatcher(
            client: client, namespace: namespace, options: options, backoff: backoff,
            watchTimeoutSeconds: watchTimeoutSeconds)
        let (stream, continuation) = AsyncStream.makeStream(of: InformerDelta<R>.self)
        deltas = stream
        self.continuation = continuation
    }

    /// Lists and watches until the calling task is cancelled, then finishes ``deltas``.
    public func run() async {
        await watcher.run { update in await self.apply(update) }
        continuation.finish()
        let waiters = syncWaiters
        syncWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the first list is in the cache (or the informer stopped).
    public func waitUntilSynced() async {
        if hasSynced { return }
        await withCheckedContinuation { syncWaiters.append($0) }
    }

    /// The cached object with this key.
    public func object(_ key: ObjectKey) -> R? { cache[key] }

    /// Every cached object, in key order.
    public func objects() -> [R] { cache.objects.keys.sorted().map { cache.objects[$0]! } }

    private func apply(_ update: ListWatchUpdate<R>) {
        switch update {
        case .listed(let items, let version):
            for delta in cache.replace(with: items) { continuation.yield(delta) }
            resourceVersion = version
            if !hasSynced {
                hasSynced = true
                continuation.yield(.synced)
                let waiters = syncWaiters
                syncWaiters = []
                for waiter in waiters { waiter.resume() }
            }
        case .event(let event):
            if let delta = cache.apply(event) { continuation.yield(delta) }
            if let version = event.resourceVersion { resourceVersion = version }
        }
    }
}
