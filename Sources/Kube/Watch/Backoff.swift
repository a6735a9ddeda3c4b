import Foundation

/// Exponential delays between retries: `initial`, times `multiplier` per consecutive failure,
/// at most `maximum`. Delays are whole nanoseconds, so equal inputs give equal delays.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(30), multiplier: Double = 2) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
    }

    /// The delay after `failures` consecutive failures (1 gives `initial`).
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let factor = pow(multiplier, Double(min(failures - 1, 62)))
        let nanoseconds = initial.nanoseconds * factor
        guard nanoseconds < maximum.nanoseconds else { return maximum }
        return .nanoseconds(Int64(nanoseconds.rounded()))
    }
}

extension Duration {
    /// The duration in nanoseconds, as a floating-point number.
    var nanoseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}
