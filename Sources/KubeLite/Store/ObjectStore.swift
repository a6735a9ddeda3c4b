import Foundation
import NIOPosix
import SCNetAPI

/// Every object the embedded API holds, the global resourceVersion counter, the recent change
/// history and the open watches. One actor, so each write (read, check, store, journal, notify)
/// is atomic. REST semantics (generation, finalizers, admission) are in `ObjectStore+Writes.swift`.
public actor ObjectStore {
    /// type → "namespace/name" → object (as JSON, exactly as served).
    private var objects: [ServedResource: [String: JSONValue]] = [:]
    /// The resourceVersion of the last change (a global, monotonically increasing counter).
    public private(set) var revision: Int64 = 0
    /// Changes after ``historyStart``, oldest first; watches resume from here.
    private var history: [WatchEvent] = []
    private var historyStart: Int64 = 0
    private let historyLimit: Int
    private var watchers: [Int: Watcher] = [:]
    private var nextWatcherID = 0
    private var journal: Journal?
    private let snapshotEvery: Int
    /// Group commit: writes are journaled at once but flushed to disk together, by one flush at
    /// a time; a write is answered and its watch event sent only once it is on disk.
    private var durableRevision: Int64 = 0
    private var flushing = false
    private var undelivered: [WatchEvent] = []
    private var durabilityWaiters: [(revision: Int64, continuation: CheckedContinuation<Void, any Error>)] = []
    /// Typed objects for admission rules.
    var cluster = ClusterIndex()
    /// Bytes of a torn last journal line (a write a crash interrupted) cut off when opening.
    public private(set) var tornJournalTailBytes = 0

    private struct Watcher {
        var resource: ServedResource
        var filter: ObjectFilter
        var bookmarks: Bool
        var continuation: AsyncStream<WatchEvent>.Continuation
    }

    /// Opens (or creates) the store in `directory`; `nil` keeps everything in memory only.
    public init(directory: URL?, historyLimit: Int = 10_000, snapshotEvery: Int = 50_000) async throws {
        self.historyLimit = historyLimit
        self.snapshotEvery = snapshotEvery
        guard let directory else { return }
        var journal = try Journal(directory: directory)
        let (snapshot, entries) = try journal.replay()
        tornJournalTailBytes = journal.tornTailBytes
        revision = snapshot.revision
        for e in snapshot.entries {
            guard let r = ServedResource.find(group: e.group, plural: e.resource) else { continue }
            let key = Self.key(e.object.meta("namespace"), e.object.meta("name") ?? "")
            objects[r, default: [:]][key] = e.object
        }
        historyStart = revision
        for e in entries {
            guard let r = ServedResource.find(group: e.group, plural: e.resource), let type = WatchEvent.Kind(rawValue: e.type) else { continue }
            let key = Self.key(e.object.meta("namespace"), e.object.meta("name") ?? "")
            let previous = objects[r]?[key]
            objects[r, default: [:]][key] = type == .deleted ? nil : e.object
            revision = e.rv
            history.append(WatchEvent(type: type, resource: r, object: e.object, previous: previous, revision: e.rv))
        }
        trimHistory()
        for (r, byKey) in objects {
            for (key, object) in byKey { cluster.update(r, key: key, old: nil, new: object) }
        }
        if journal.entriesSinceSnapshot > snapshotEvery { try journal.writeSnapshot(snapshotNow()) }
        self.journal = journal
    }

    static func key(_ namespace: String?, _ name: String) -> String { "\(namespace ?? "")/\(name)" }

    public func get(_ resource: ServedResource, namespace: String?, name: String) -> JSONValue? {
        objects[resource]?[Self.key(resource.namespaced ? namespace : nil, name)]
    }

    /// Matching objects sorted by namespace and name, and the revision they are current at.
    public func list(_ resource: ServedResource, filter: ObjectFilter = ObjectFilter()) -> (items: [JSONValue], revision: Int64) {
        guard let byKey = objects[resource] else { return ([], revision) }
        if let name = filter.fields.required("metadata.name") {
            let hits = byKey.filter { $0.value.meta("name") == name }.sorted { $0.key < $1.key }.map(\.value)
            return (hits.filter(filter.matches), revision)
        }
        return (byKey.keys.sorted().compactMap { byKey[$0] }.filter(filter.matches), revision)
    }

    /// Number of objects of one type (cheap, for tests and logs).
    public func count(_ resource: ServedResource) -> Int { objects[resource]?.count ?? 0 }

    /// Stores `object` (or removes it for `.deleted`), assigning the next resourceVersion; journals it
    /// before anyone sees it, then notifies the watches. Returns the object as stored.
    @discardableResult
    func commit(_ type: WatchEvent.Kind, _ resource: ServedResource, _ object: JSONValue, typed: AnyResource? = nil) throws -> JSONValue {
        let key = Self.key(resource.namespaced ? object.meta("namespace") : nil, object.meta("name") ?? "")
        var stored = object
        stored.set(["metadata", "resourceVersion"], .string(String(revision + 1)))
        try journal?.append(
            Journal.Entry(rv: revision + 1, type: type.rawValue, group: resource.group, resource: resource.plural, object: stored),
            sync: false)
        revision += 1
        let previous = objects[resource]?[key]
        objects[resource, default: [:]][key] = type == .deleted ? nil : stored
        cluster.update(resource, key: key, old: previous, new: type == .deleted ? nil : stored, typed: typed)
        let event = WatchEvent(type: type, resource: resource, object: stored, previous: previous, revision: revision)
        history.append(event)
        trimHistory()
        undelivered.append(event)
        if let j = journal, j.entriesSinceSnapshot > snapshotEvery {
            try journal?.writeSnapshot(snapshotNow())
            markDurable(upTo: revision)
        }
        scheduleFlush()
        return stored
    }

    /// Returns once every change up to `revision` is on disk (at once without a data directory).
    public func waitUntilDurable(_ revision: Int64) async throws {
        if revision <= durableRevision { return }
        try await withCheckedThrowingContinuation { durabilityWaiters.append((revision, $0)) }
    }

    private func scheduleFlush() {
        guard !flushing else { return }
        flushing = true
        Task { await self.flush() }
    }

    /// Flushes until everything journaled is durable: each round covers every write that
    /// arrived during the previous one, so a burst costs a few fsyncs, not one per write.
    private func flush() async {
        while durableRevision < revision {
            let target = revision
            if let handle = journal?.fileHandle {
                do {
                    try await NIOThreadPool.singleton.runIfActive { try handle.synchronize() }
                } catch where durableRevision < target {
                    fail(upTo: target, KubeLiteError.storage("cannot flush \(journal?.journalURL.path ?? "the journal"): \(error)"))
                    continue
                } catch {}
            }
            markDurable(upTo: target)
        }
        flushing = false
    }

    private func markDurable(upTo target: Int64) {
        durableRevision = max(durableRevision, target)
        var remaining: [WatchEvent] = []
        for event in undelivered {
            if event.revision <= durableRevision { notify(event) } else { remaining.append(event) }
        }
        undelivered = remaining
        let ready = durabilityWaiters.filter { $0.revision <= durableRevision }
        durabilityWaiters.removeAll { $0.revision <= durableRevision }
        for waiter in ready { waiter.continuation.resume() }
    }

    private func fail(upTo target: Int64, _ error: any Error) {
        durableRevision = max(durableRevision, target)  // not durable, but never will be: stop waiting
        undelivered.removeAll { $0.revision <= target }
        let failed = durabilityWaiters.filter { $0.revision <= target }
        durabilityWaiters.removeAll { $0.revision <= target }
        for waiter in failed { waiter.continuation.resume(throwing: error) }
    }

    /// Keeps at least `historyLimit` events, trimming in chunks: dropping one event per write
    /// moved the whole array each time.
    private func trimHistory() {
        guard history.count > historyLimit + historyLimit / 8 else { return }
        let drop = history.count - historyLimit
        historyStart = history[drop - 1].revision
        history.removeFirst(drop)
    }

    private func snapshotNow() -> Journal.Snapshot {
        var entries: [Journal.Entry] = []
        for (r, byKey) in objects {
            for (_, o) in byKey {
                entries.append(Journal.Entry(rv: Int64(o.meta("resourceVersion") ?? "") ?? 0, type: "ADDED", group: r.group, resource: r.plural, object: o))
            }
        }
        return Journal.Snapshot(revision: revision, entries: entries)
    }

    // MARK: Watch

    /// Changes to objects of `resource` matching `filter`. From `resourceVersion` nil or 0, the
    /// stream starts with a synthetic `ADDED` for every matching object (as kube-apiserver does);
    /// from N it replays every change after N. Throws ``KubeLiteError/expired(requested:oldest:)``
    /// when N is older than the kept history.
    /// With `bookmark`, a `BOOKMARK` at the current revision follows the replayed events; with
    /// `timeout`, the stream ends after that long (`timeoutSeconds`).
    public func watch(
        _ resource: ServedResource, filter: ObjectFilter, from resourceVersion: Int64?, bookmark: Bool = false, timeout: Duration? = nil
    ) throws -> AsyncStream<WatchEvent> {
        let (stream, continuation) = AsyncStream<WatchEvent>.makeStream()
        if let from = resourceVersion, from > 0 {
            guard from >= historyStart else { throw KubeLiteError.expired(requested: from, oldest: historyStart + 1) }
            for e in history where e.revision > from && e.resource == resource { deliver(e, filter, continuation) }
        } else {
            for o in list(resource, filter: filter).items {
                continuation.yield(WatchEvent(type: .added, resource: resource, object: o, previous: nil, revision: revision))
            }
        }
        if bookmark { continuation.yield(bookmarkEvent(resource)) }
        if let timeout {
            Task {
                try? await Task.sleep(for: timeout)
                continuation.finish()
            }
        }
        nextWatcherID += 1
        let id = nextWatcherID
        watchers[id] = Watcher(resource: resource, filter: filter, bookmarks: bookmark, continuation: continuation)
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.removeWatcher(id) }
        }
        return stream
    }

    private func removeWatcher(_ id: Int) { watchers[id] = nil }

    private func bookmarkEvent(_ resource: ServedResource) -> WatchEvent {
        let marker: JSONValue = .object(["kind": .string(resource.kind), "apiVersion": .string(resource.apiVersion),
                                         "metadata": .object(["resourceVersion": .string(String(revision))])])
        return WatchEvent(type: .bookmark, resource: resource, object: marker, previous: nil, revision: revision)
    }

    /// Sends a `BOOKMARK` at the current revision to every watch that asked for bookmarks, so an
    /// informer of a quiet type still resumes from a recent resourceVersion (and not into a 410).
    public func sendBookmarks() {
        for (_, w) in watchers where w.bookmarks { w.continuation.yield(bookmarkEvent(w.resource)) }
    }

    /// Open watches (for tests: a closed client must not leak its watcher).
    public var watcherCount: Int { watchers.count }

    private func notify(_ event: WatchEvent) {
        for (_, w) in watchers where w.resource == event.resource { deliver(event, w.filter, w.continuation) }
    }

    /// Sends `event` as this watcher sees it: an object entering its selector is ADDED, one leaving it DELETED.
    private func deliver(_ event: WatchEvent, _ filter: ObjectFilter, _ continuation: AsyncStream<WatchEvent>.Continuation) {
        let now = filter.matches(event.object)
        let before = event.previous.map(filter.matches) ?? false
        var e = event
        switch (event.type, before, now) {
        case (.deleted, _, true): break
        case (.deleted, _, false): return
        case (_, false, true): e.type = .added
        case (_, true, true): e.type = event.type == .added ? .added : .modified
        case (_, true, false): e.type = .deleted
        case (_, false, false): return
        }
        continuation.yield(e)
    }

    /// Ends every watch (the server is stopping) and closes the journal.
    public func shutdown() {
        for (_, w) in watchers { w.continuation.finish() }
        watchers = [:]
        journal?.close()
    }
}
