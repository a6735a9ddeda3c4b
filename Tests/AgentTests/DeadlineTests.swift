@testable import Agent
import Foundation
import Testing

@Suite("Agent: bounded waits")
struct DeadlineTests {
    struct Late: Error {}

    @Test("A deadline holds even when the body ignores cancellation (a wait that cannot be interrupted)")
    func boundsUncancellableWaits() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: Late.self) {
            try await withDeadline(.milliseconds(200), onTimeout: { Late() }) {
                // Resumes after 3 s whatever happens: cancellation cannot cut it short.
                await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 3) { continuation.resume() }
                }
                return 1
            }
        }
        #expect(clock.now - started < .seconds(2), "the deadline waited for the body: \(clock.now - started)")
    }

    @Test("A body that finishes in time gives its value, and its error when it throws")
    func passesThrough() async throws {
        #expect(try await withDeadline(.seconds(5), onTimeout: { Late() }) { 42 } == 42)
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await withDeadline(.seconds(5), onTimeout: { Late() }) { () async throws -> Int in throw Boom() } }
    }
}
