import Foundation
import Testing

@testable import Neutron

/// The pure parts: token state machine, catalog parsing, retry decisions, query encoding.
@Suite("Token, catalog and retry logic")
struct TokenLogicTests {
    func token(_ value: String, expiresIn seconds: TimeInterval, from now: Date) -> KeystoneToken {
        KeystoneToken(value: value, expiresAt: now.addingTimeInterval(seconds), projectID: nil, catalog: [])
    }

    @Test("the first request fetches, concurrent ones wait, then the token is used")
    func firstFetch() {
        let now = Date()
        var machine = TokenStateMachine(renewBefore: .seconds(300))
        #expect(machine.tokenRequested(now: now) == .startFetch)
        #expect(machine.tokenRequested(now: now) == .awaitFetch)
        let t = token("a", expiresIn: 3600, from: now)
        machine.fetchSucceeded(t, now: now)
        #expect(machine.tokenRequested(now: now.addingTimeInterval(10)) == .use(t))
    }

    @Test("a short-lived token is renewed at half its lifetime, not on every request")
    func shortLived() {
        let now = Date()
        var machine = TokenStateMachine(renewBefore: .seconds(300))
        _ = machine.tokenRequested(now: now)
        let t = token("a", expiresIn: 120, from: now)
        machine.fetchSucceeded(t, now: now)
        #expect(machine.tokenRequested(now: now.addingTimeInterval(59)) == .use(t))
        #expect(machine.tokenRequested(now: now.addingTimeInterval(61)) == .startFetch)
    }

    @Test("during a renewal others keep the old token; a failed renewal keeps it until expiry")
    func renewalFailure() {
        let now = Date()
        var machine = TokenStateMachine(renewBefore: .seconds(300))
        _ = machine.tokenRequested(now: now)
        let t = token("a", expiresIn: 3600, from: now)
        machine.fetchSucceeded(t, now: now)
        let late = now.addingTimeInterval(3400)
        #expect(machine.tokenRequested(now: late) == .startFetch)
        #expect(machine.tokenRequested(now: late) == .use(t))
        machine.fetchFailed()
        #expect(machine.tokenRequested(now: late) == .startFetch)  // tries again
        machine.fetchFailed()
        #expect(machine.tokenRequested(now: now.addingTimeInterval(3601)) == .startFetch)
        #expect(machine.tokenRequested(now: now.addingTimeInterval(3601)) == .awaitFetch)  // expired: wait
    }

    @Test("a rejected token is never handed out again")
    func rejected() {
        let now = Date()
        var machine = TokenStateMachine(renewBefore: .seconds(300))
        _ = machine.tokenRequested(now: now)
        let t = token("a", expiresIn: 3600, from: now)
        machine.fetchSucceeded(t, now: now)
        machine.tokenRejected(token("other", expiresIn: 3600, from: now))
        #expect(machine.tokenRequested(now: now) == .use(t))
        machine.tokenRejected(t)
        #expect(machine.tokenRequested(now: now) == .startFetch)
    }

    @Test("Keystone's token body parses with microsecond expiry and catalog regions")
    func parseToken() throws {
        let body = Data("""
            {"token": {"expires_at": "2030-01-02T03:04:05.123456Z", "project": {"id": "p1"},
             "catalog": [{"type": "network", "endpoints": [
               {"interface": "admin", "region": "R1", "url": "http://a"},
               {"interface": "public", "region_id": "R1", "region": "R1", "url": "http://n:9696/"}]}]}}
            """.utf8)
        let token = try KeystoneToken.parse(subjectToken: "xyz", body: body)
        #expect(token.value == "xyz" && token.projectID == "p1")
        #expect(token.expiresAt == ISO8601DateFormatter().date(from: "2030-01-02T03:04:05Z")!.addingTimeInterval(0.123456)
            || abs(token.expiresAt.timeIntervalSince1970 - 1893553445.123) < 0.01)
        #expect(try token.endpoint(for: EndpointSelector(region: "R1")) == "http://n:9696/")
        #expect(try token.endpoint(for: EndpointSelector(interface: "adminURL")) == "http://a")
        #expect(throws: NeutronClientError.self) { try token.endpoint(for: EndpointSelector(interface: "internal")) }
        #expect(NeutronTransport.apiBase("http://n:9696/") == "http://n:9696/v2.0")
        #expect(NeutronTransport.apiBase("http://n/networking/v2.0/") == "http://n/networking/v2.0")
        #expect(KeystoneCredentials(authURL: "http://k:5000", method: .applicationCredential(id: "i", secret: "s"))
            .tokensURL == "http://k:5000/v3/auth/tokens")
    }

    @Test("retries: 5xx and failures after sending only for idempotent calls, connect failures always, 4xx never")
    func retryDecisions() {
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.shouldRetry(after: .status(503), attempt: 1, idempotent: true))
        #expect(!policy.shouldRetry(after: .status(503), attempt: 1, idempotent: false))
        #expect(!policy.shouldRetry(after: .status(409), attempt: 1, idempotent: true))
        #expect(!policy.shouldRetry(after: .status(404), attempt: 1, idempotent: true))
        #expect(policy.shouldRetry(after: .notSent, attempt: 2, idempotent: false))
        #expect(!policy.shouldRetry(after: .notSent, attempt: 3, idempotent: false))
        #expect(!policy.shouldRetry(after: .maybeSent, attempt: 1, idempotent: false))
        #expect(policy.shouldRetry(after: .maybeSent, attempt: 1, idempotent: true))
        let backoffs = (1...5).map { RetryPolicy(initialBackoff: .milliseconds(200), maxBackoff: .seconds(1)).backoff(afterAttempt: $0) }
        #expect(backoffs == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
    }

    @Test("queries percent-encode values and join tags")
    func queryEncoding() {
        let query = NeutronQuery().filter("router:external", "True").filter("name", "a b&c").tags(["x", "y"])
        #expect(query.encoded == "router:external=True&name=a%20b%26c&tags=x%2Cy")
    }
}
