/// How long a work item waits before it is retried: the longer of a per-key exponential backoff
/// (doubling with each failure of that key, up to a cap) and an overall token bucket (so a
/// storm of failures across many keys cannot exceed `rate` retries per second beyond `burst`),
/// as client-go's default controller rate limiter. A value: time is passed in as the elapsed
/// duration since any fixed origin.
public struct RetryRateLimiter<Key: Hashable & Sendable>: Sendable {
    public let perKey: Backoff
    /// Retries per second allowed overall, beyond the burst.
    public let rate: Double
    public let burst: Int
    private var failures: [Key: Int] = [:]
    private var tokens: Double
    private var lastRefill: Duration?

    public init(
        perKey: Backoff = Backoff(initial: .milliseconds(5), maximum: .seconds(1000)), rate: Double = 10,
        burst: Int = 100
    ) {
        self.perKey = perKey
        self.rate = rate
        self.burst = burst
        tokens = Double(burst)
    }

    /// Counts one more failure of `key` and returns how long its retry must wait.
    public mutating func delay(for key: Key, now: Duration) -> Duration {
        let count = (failures[key] ?? 0) + 1
        failures[key] = count
        let backoff = perKey.delay(afterFailures: count)
        return max(backoff, reserveToken(now: now))
    }

    /// Forgets the failures of `key` (it succeeded, or was given up).
    public mutating func forget(_ key: Key) {
        failures[key] = nil
    }

    /// How many times `key` has failed since it was last forgotten.
    public func retries(_ key: Key) -> Int { failures[key] ?? 0 }

    /// Takes one token; when none is left, the wait until one will have been refilled.
    private mutating func reserveToken(now: Duration) -> Duration {
        if let last = lastRefill, now > last {
            tokens = min(Double(burst), tokens + (now - last).nanoseconds / 1e9 * rate)
        }
        lastRefill = max(lastRefill ?? now, now)
        tokens -= 1
        guard tokens < 0, rate > 0 else { return .zero }
        return .nanoseconds(Int64((-tokens / rate * 1e9).rounded()))
    }
}
