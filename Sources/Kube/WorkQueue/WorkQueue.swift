/// A queue of keys for reconcilers, with client-go's semantics:
/// - a key is in the queue at most once (adding it again before it is taken is a no-op);
/// - a key is handed to one worker at a time: added while being processed, it is queued again
///   when the worker calls ``done(_:)``;
/// - ``addRateLimited(_:)`` retries a failed key after a per-key exponential backoff (capped)
///   and an overall rate limit; ``forget(_:)`` resets the key's backoff after success;
/// - ``shutDown()`` lets workers drain what is queued, then ``get()`` returns `nil`.
///
/// ```swift
/// while let key = await queue.get() {
///     do { try await reconcile(key); await queue.forget(key) }
///     catch { await queue.addRateLimited(key) }
///     await queue.done(key)
/// }
/// ```
///
/// Delays run on the injected `clock`, so tests can drive time by hand.
public actor WorkQueue<Key: Hashable & Sendable, C: Clock> where C.Duration == Duration {
    private let clock: C
    private let origin: C.Instant
    private var limiter: RetryRateLimiter<Key>
    private var queue: [Key] = []
    private var dirty: Set<Key> = []
    private var processing: Set<Key> = []
    /// Keys waiting for a delay to pass, with the earliest time each may be queued.
    private var waiting: [Key: C.Instant] = [:]
    private var shuttingDown = false
    private let wakeups = Wakeups()
    private var nextWaiter = 0

    public init(clock: C, limiter: RetryRateLimiter<Key> = RetryRateLimiter()) {
        self.clock = clock
        self.origin = clock.now
        self.limiter = limiter
    }

    /// Queues `key` unless it is already queued; a key being processed is queued after ``done(_:)``.
    public func add(_ key: Key) {
        guard !shuttingDown, !dirty.contains(key) else { return }
        dirty.insert(key)
        if !processing.contains(key) {
            queue.append(key)
            wakeAll()
        }
    }

    /// Queues `key` once `delay` has passed (keeping the earlier time if it is already waiting).
    public func add(_ key: Key, after delay: Duration) {
        guard !shuttingDown else { return }
        guard delay > .zero else { return add(key) }
        let due = clock.now.advanced(by: delay)
        if let existing = waiting[key], existing <= due { return }
        waiting[key] = due
        wakeAll()
    }

    /// Queues `key` again after its backoff: call it when processing `key` failed.
    public func addRateLimited(_ key: Key) {
        let delay = limiter.delay(for: key, now: origin.duration(to: clock.now))
        add(key, after: delay)
    }

    /// Resets the backoff of `key`: call it when processing `key` succeeded.
    public func forget(_ key: Key) {
        limiter.forget(key)
    }

    /// How many times `key` was retried since it was last forgotten.
    public func retries(_ key: Key) -> Int { limiter.retries(key) }

    /// Marks `key` as no longer being processed; if it was added meanwhile, it is queued again.
    public func done(_ key: Key) {
        processing.remove(key)
        if dirty.contains(key) {
            queue.append(key)
            wakeAll()
        }
    }

    /// The next key to process, waiting for one; `nil` once shut down and drained, or when the
    /// calling task is cancelled.
    public func get() async -> Key? {
        while !Task.isCancelled {
            queueDueKeys()
            if !queue.isEmpty {
                let key = queue.removeFirst()
                dirty.remove(key)
                processing.insert(key)
                return key
            }
            if shuttingDown { return nil }
            await waitForWork()
        }
        return nil
    }

    /// Stops accepting keys; workers finish what is queued, then ``get()`` returns `nil`.
    public func shutDown() {
        shuttingDown = true
        waiting.removeAll()
        wakeAll()
    }

    /// Keys ready to be taken.
    public var count: Int { queue.count }
    /// Keys waiting for their delay.
    public var waitingCount: Int { waiting.count }
    /// Keys handed out and not yet ``done(_:)``.
    public var processingCount: Int { processing.count }

    private func queueDueKeys() {
        let now = clock.now
        for (key, due) in waiting.sorted(by: { $0.value < $1.value }) where due <= now {
            waiting[key] = nil
            add(key)
        }
    }

    /// Suspends until a key is added, shutdown, the earliest waiting key is due, or the task is cancelled.
    private func waitForWork() async {
        let id = nextWaiter
        nextWaiter += 1
        let due = waiting.values.min()
        let wakeups = self.wakeups
        wakeups.register(id)
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                if let due {
                    group.addTask { [clock] in try? await clock.sleep(until: due, tolerance: nil) }
                }
                group.addTask { await wakeups.park(id) }
                await group.next()
                group.cancelAll()
                wakeups.wake(id)
            }
        } onCancel: {
            wakeups.wake(id)
        }
    }

    private func wakeAll() {
        wakeups.wakeAll()
    }
}

extension WorkQueue where C == ContinuousClock {
    /// A queue timed by the real clock.
    public init(limiter: RetryRateLimiter<Key> = RetryRateLimiter()) {
        self.init(clock: ContinuousClock(), limiter: limiter)
    }
}
