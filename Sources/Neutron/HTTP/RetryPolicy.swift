import Foundation

/// When to try a request again, and how long to wait before it.
///
/// Retried: connection failures that happened before the request was sent (refused, connect
/// timeout) for every method; 5xx answers and failures after sending (reset, read timeout) only
/// for idempotent requests (GET, PUT, DELETE). Never retried: 4xx answers, and a
/// non-idempotent request (POST, or PUT `add_router_interface`) that may have reached the
/// server — repeating a create could allocate a second floating IP. Callers that need
/// certainty after such a failure look the object up (e.g. by tag) before creating again.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first included. 1 disables retries.
    public var maxAttempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    public var multiplier: Double

    public init(
        maxAttempts: Int = 4, initialBackoff: Duration = .milliseconds(200),
        maxBackoff: Duration = .seconds(5), multiplier: Double = 2
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// What one attempt ended with.
    public enum Outcome: Sendable, Equatable {
        case status(Int)
        /// Failed before any byte of the request left (connection refused, connect timeout).
        case notSent
        /// Failed after the request may have reached the server (reset, read timeout).
        case maybeSent
    }

    /// Whether attempt number `attempt` (1-based) should be followed by another one.
    public func shouldRetry(after outcome: Outcome, attempt: Int, idempotent: Bool) -> Bool {
        guard attempt < maxAttempts else { return false }
        switch outcome {
        case .status(let code): return code >= 500 && idempotent
        case .notSent: return true
        case .maybeSent: return idempotent
        }
    }

    /// The pause after attempt number `attempt` (1-based): exponential, capped.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let factor = pow(multiplier, Double(max(0, attempt - 1)))
        let seconds = min(initialBackoff.seconds * factor, maxBackoff.seconds)
        return .milliseconds(Int64(seconds * 1000))
    }
}
