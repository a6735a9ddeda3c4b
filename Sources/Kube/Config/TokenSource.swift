import Foundation
import Synchronization

/// A bearer token: either fixed, or read from a file and re-read when older than
/// `refreshInterval`, because kubelet rotates projected service-account tokens in place.
public final class TokenSource: Sendable {
    private enum Origin: Sendable {
        case fixed(String)
        case file(path: String, refreshInterval: Duration)
    }

    private struct Cached: Sendable {
        var token: String
        var readAt: ContinuousClock.Instant
    }

    private let origin: Origin
    private let cache = Mutex<Cached?>(nil)

    /// A token that never changes.
    public init(token: String) {
        origin = .fixed(token)
    }

    /// A token read from `path`, re-read once a cached copy is older than `refreshInterval`
    /// (client-go re-reads every minute).
    public init(file path: String, refreshInterval: Duration = .seconds(60)) {
        origin = .file(path: path, refreshInterval: refreshInterval)
    }

    /// The current token.
    public func token() throws(KubeError) -> String {
        switch origin {
        case .fixed(let token):
            return token
        case .file(let path, let refreshInterval):
            let now = ContinuousClock.now
            if let cached = cache.withLock({ $0 }), refreshInterval > .zero, (now - cached.readAt) < refreshInterval {
                return cached.token
            }
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .configuration("token file \(path): cannot be read (\(error.localizedDescription))")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw .configuration("token file \(path): is empty") }
            cache.withLock { $0 = Cached(token: token, readAt: now) }
            return token
        }
    }
}
