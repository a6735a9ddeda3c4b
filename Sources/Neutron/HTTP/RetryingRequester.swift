import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

/// Sends one logical HTTP request, trying again per `RetryPolicy` (5xx, connection failures)
/// with a per-attempt timeout. Returns the last answer, whatever its status; throws
/// `NeutronClientError.transport` when no attempt got an answer.
struct RetryingRequester: Sendable {
    let http: HTTPClient
    let retry: RetryPolicy
    let timeout: Duration
    /// Largest response body accepted.
    let maxBodyBytes = 64 * 1024 * 1024

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    /// - Parameters:
    ///   - label: `METHOD /path` for error messages.
    ///   - idempotent: whether repeating the request after it may have reached the server is safe.
    func perform(
        label: String, idempotent: Bool, makeRequest: @Sendable () -> HTTPClientRequest
    ) async throws -> Response {
        var attempt = 0
        while true {
            attempt += 1
            let outcome: RetryPolicy.Outcome
            do {
                let response = try await http.execute(makeRequest(), timeout: .init(timeout))
                let body = try await response.body.collect(upTo: maxBodyBytes)
                let answer = Response(
                    status: Int(response.status.code), headers: response.headers, body: Data(buffer: body))
                guard retry.shouldRetry(after: .status(answer.status), attempt: attempt, idempotent: idempotent)
                else { return answer }
                outcome = .status(answer.status)
            } catch {
                outcome = Self.outcome(of: error)
                guard retry.shouldRetry(after: outcome, attempt: attempt, idempotent: idempotent) else {
                    let note = outcome == .maybeSent && !idempotent
                        ? " (not retried: the request may have reached the server)" : ""
                    throw NeutronClientError.transport(request: label, attempts: attempt, reason: describe(error) + note)
                }
            }
            try await Task.sleep(for: retry.backoff(afterAttempt: attempt))
        }
    }

    /// Words for an operator: NIO's errno errors read "connection reset (error set): …".
    func describe(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset by the server"
            case EHOSTUNREACH, ENETUNREACH: return "host unreachable"
            default: return "\(error)"
            }
        }
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout {
                return "no complete answer within \(timeout) (timeout)"
            }
            if error == .connectTimeout { return "connect timed out" }
            if error == .remoteConnectionClosed { return "the server closed the connection" }
        }
        return "\(error)"
    }

    /// Whether a failed attempt can have reached the server.
    static func outcome(of error: any Error) -> RetryPolicy.Outcome {
        if let error = error as? HTTPClientError {
            if error == .connectTimeout || error == .getConnectionFromPoolTimeout { return .notSent }
            return .maybeSent
        }
        if error is NIOConnectionError { return .notSent }
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED { return .notSent }
        if let error = error as? ChannelError, case .connectTimeout = error { return .notSent }
        return .maybeSent
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        self = .nanoseconds(Int64(duration.seconds * 1e9))
    }
}
