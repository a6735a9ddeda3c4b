import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Holds the Keystone token for one set of credentials: fetches it on first use, hands it out
/// while valid, renews it before expiry, drops it when Neutron rejects it. Concurrent callers
/// share one fetch. The decisions are `TokenStateMachine`'s; this actor does the I/O.
public actor KeystoneSession {
    public let credentials: KeystoneCredentials
    private let requester: RetryingRequester
    private let now: @Sendable () -> Date
    private var machine: TokenStateMachine
    private var inFlight: Task<KeystoneToken, any Error>?
    /// Number of tokens fetched so far (for tests and diagnostics).
    public private(set) var fetchCount = 0

    public init(
        credentials: KeystoneCredentials, httpClient: HTTPClient,
        retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credentials = credentials
        self.requester = RetryingRequester(http: httpClient, retry: retry, timeout: timeout)
        self.now = now
        self.machine = TokenStateMachine(renewBefore: credentials.renewBefore)
    }

    /// A token valid for a while yet.
    public func token() async throws -> KeystoneToken {
        switch machine.tokenRequested(now: now()) {
        case .use(let token):
            return token
        case .startFetch:
            let task = Task { try await self.fetch() }
            inFlight = task
            do {
                let token = try await task.value
                machine.fetchSucceeded(token, now: now())
                inFlight = nil
                return token
            } catch {
                machine.fetchFailed()
                inFlight = nil
                throw error
            }
        case .awaitFetch:
            guard let task = inFlight else { return try await token() }
            return try await task.value
        }
    }

    /// Neutron answered 401 with this token: the next `token()` fetches a new one.
    public func rejected(_ token: KeystoneToken) {
        machine.tokenRejected(token)
    }

    private func fetch() async throws -> KeystoneToken {
        fetchCount += 1
        let url = credentials.tokensURL
        let body = try JSONEncoder().encode(KeystoneAuthRequest(credentials: credentials.method))
        // Issuing a token changes nothing that matters if repeated, so POST may be retried.
        let response = try await requester.perform(label: "POST \(url)", idempotent: true) {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Accept", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
            return request
        }
        guard response.status == 201 || response.status == 200 else {
            throw NeutronClientError.authentication(
                authURL: credentials.authURL,
                reason: "HTTP \(response.status): \(Self.keystoneMessage(response.body))")
        }
        guard let subject = response.headers.first(name: "X-Subject-Token"), !subject.isEmpty else {
            throw NeutronClientError.authentication(
                authURL: credentials.authURL, reason: "the answer has no X-Subject-Token header")
        }
        do {
            return try KeystoneToken.parse(subjectToken: subject, body: response.body)
        } catch {
            throw NeutronClientError.authentication(
                authURL: credentials.authURL, reason: "unreadable token body: \(error)")
        }
    }

    /// Keystone's `{"error": {"code": 401, "message": "…", "title": "Unauthorized"}}`, or the raw text.
    static func keystoneMessage(_ body: Data) -> String {
        struct Envelope: Decodable {
            struct Inner: Decodable { var message: String; var title: String? }
            var error: Inner
        }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: body) {
            return [envelope.error.title, envelope.error.message].compactMap { $0 }.joined(separator: ": ")
        }
        return String(decoding: body.prefix(300), as: UTF8.self)
    }
}
