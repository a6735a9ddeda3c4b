import Foundation
import HostileInput
import SCNetAPI
import Testing

/// The embedded API against seeded hostile input (see `HostileInput`): every request is refused
/// with a 4xx `Status` — never a 5xx, a hang or a success — and nothing changes. `scnet-bench
/// fuzz` runs the same generator for 10 000+ requests against `scnet serve`; here a shorter run
/// guards every build. SCNET_FUZZ_SEED replays another sequence.
@Suite("hostile input to the embedded API", .serialized, .timeLimit(.minutes(5)))
struct HostileInputTests {
    static let seed = UInt64(ProcessInfo.processInfo.environment["SCNET_FUZZ_SEED"] ?? "") ?? 20_261_202
    static let count = 1_500

    @Test("1 500 seeded hostile requests: each refused with a 4xx Status, the store unchanged")
    func refusesHostileInput() async throws {
        try await TestServer.with { server, _ in
            let runner = try HostileInputRunner(target: .dataDirectory(server.configuration.dataDirectory, server: await server.url()))
            do {
                try await runner.createFixtures()
                let before = try await runner.fixtureSnapshot()
                let report = try await runner.run(HostileRequests(seed: Self.seed, oversizedEvery: 700), count: Self.count)
                #expect(report.tried == Self.count)
                for failure in report.failures.prefix(30) { Issue.record("seed \(Self.seed): \(failure)") }
                #expect(report.failures.count == 0, "\(report.failures.count) of \(report.tried) mishandled")
                // Every family was exercised, and the answers were more than one kind of 4xx.
                #expect(Set(report.byDefect.keys).isSuperset(of: ["subnet", "vpc", "pod", "shape", "syntax", "selector", "query", "path", "auth", "patch"]),
                        "\(report.byDefect)")
                #expect(Set(report.byStatus.keys).isSuperset(of: [400, 401, 404, 405, 409, 415, 422]), "\(report.byStatus)")
                #expect(try await runner.fixtureSnapshot() == before, "a fixture changed")
                try await runner.shutdown()
            } catch {
                try? await runner.shutdown()
                throw error
            }
        }
    }

    @Test("200 watches opened at once and dropped: others are served meanwhile, and after")
    func watchFlood() async throws {
        try await TestServer.with { server, _ in
            let runner = try HostileInputRunner(target: .dataDirectory(server.configuration.dataDirectory, server: await server.url()))
            do {
                let flood = try await WatchFlood.run(against: runner, count: 200)
                #expect(flood.failures.isEmpty, "\(flood.failures.prefix(5))")
                #expect(flood.opened == 200)
                #expect(flood.listSecondsDuring < 5 && flood.listSecondsAfter < 5, "\(flood)")
                // The dropped watches are let go of: new ones open as before.
                let again = try await WatchFlood.run(against: runner, count: 20)
                #expect(again.opened == 20, "\(again.failures)")
                try await runner.shutdown()
            } catch {
                try? await runner.shutdown()
                throw error
            }
        }
    }
}
