import Foundation

/// Decides, without I/O, whether a request may use the cached Keystone token, must start a
/// fetch, or should wait for the fetch already running. `KeystoneSession` performs the actions.
///
/// A token is renewed once less than `renewBefore` is left — or less than half its lifetime,
/// for tokens issued with a lifetime shorter than that margin — so requests never carry a
/// token that expires mid-flight. While a renewal runs, the old token is still handed out
/// until it really expires (only the caller that triggered the renewal waits); a token the server rejected (401) is dropped at once.
struct TokenStateMachine: Sendable {
    enum State: Sendable, Equatable {
        case empty
        case fetching(previous: CachedToken?)
        case valid(CachedToken)
    }

    /// A token and when it was received, to know its lifetime.
    struct CachedToken: Sendable, Equatable {
        var token: KeystoneToken
        var receivedAt: Date
    }

    enum Action: Sendable, Equatable {
        case use(KeystoneToken)
        case startFetch
        case awaitFetch
    }

    let renewBefore: Duration
    private(set) var state: State = .empty

    init(renewBefore: Duration) {
        self.renewBefore = renewBefore
    }

    mutating func tokenRequested(now: Date) -> Action {
        switch state {
        case .empty:
            state = .fetching(previous: nil)
            return .startFetch
        case .fetching(let previous):
            if let previous, now < previous.token.expiresAt {
                return .use(previous.token)
            }
            return .awaitFetch
        case .valid(let cached):
            if needsRenewal(cached, now: now) {
                // This caller waits for the renewal; concurrent ones keep the old token meanwhile.
                state = .fetching(previous: cached)
                return .startFetch
            }
            return .use(cached.token)
        }
    }

    mutating func fetchSucceeded(_ token: KeystoneToken, now: Date) {
        state = .valid(CachedToken(token: token, receivedAt: now))
    }

    mutating func fetchFailed() {
        switch state {
        case .fetching(let previous?):
            state = .valid(previous)  // still usable until it expires; the next request retries
        default:
            state = .empty
        }
    }

    /// Neutron answered 401 to a request carrying `token`: never hand it out again.
    mutating func tokenRejected(_ token: KeystoneToken) {
        switch state {
        case .valid(let cached) where cached.token.value == token.value:
            state = .empty
        case .fetching(let previous?) where previous.token.value == token.value:
            state = .fetching(previous: nil)
        default:
            break
        }
    }

    func needsRenewal(_ cached: CachedToken, now: Date) -> Bool {
        let lifetime = cached.token.expiresAt.timeIntervalSince(cached.receivedAt)
        let margin = min(renewBefore.seconds, lifetime / 2)
        return cached.token.expiresAt.timeIntervalSince(now) <= margin
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
