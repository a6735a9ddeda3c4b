import Foundation
import OVSDB
import Testing
import TestSupport

/// Every OVSDB call ends: after its deadline, with an error naming the remote, or at once when
/// its task is cancelled — whether no server is there, or a real one stops answering.
@Suite("bounded OVSDB waits", .serialized, .timeLimit(.minutes(1)))
struct BoundedWaitTests {
    /// A unix socket path nothing listens on.
    static func nowhere() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("scnet-nowhere-\(UUID().uuidString.prefix(8)).sock").path
    }

    @Test("a transaction made while no server is reachable fails after its deadline, naming the remote and the reason")
    func disconnectedTransactTimesOut() async throws {
        let path = Self.nowhere()
        let client = OVSDBClient(remotes: [.unix(path: path)], database: "OVN_Northbound", requestTimeout: .seconds(30))
        let runner = Task { try await client.run() }
        defer { runner.cancel() }
        let started = ContinuousClock.now
        let error = await #expect(throws: OVSDBError.self) {
            _ = try await client.transact([.comment("never sent")], timeout: .milliseconds(800))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(700) && elapsed < .seconds(5), "took \(elapsed)")
        guard case .timedOut(let why) = error else { Issue.record("expected timedOut, got \(String(describing: error))"); return }
        #expect(why.contains(path), "\(why)")
        #expect(why.contains("OVN_Northbound"), "\(why)")
        #expect(why.contains("last attempt"), "the reason of the last failed attempt is missing: \(why)")
    }

    @Test("waitUntilReady without a server honours its timeout and task cancellation")
    func waitUntilReadyIsBoundedAndCancellable() async throws {
        let client = OVSDBClient(remotes: [.unix(path: Self.nowhere())], database: "OVN_Northbound", requestTimeout: .seconds(30))
        let runner = Task { try await client.run() }
        defer { runner.cancel() }
        await #expect(throws: OVSDBError.self) { try await client.waitUntilReady(timeout: .milliseconds(300)) }

        let waiter = Task { try await client.waitUntilReady(timeout: .seconds(50)) }
        // Let the waiter register, then cancel it: it must end long before its own timeout.
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        waiter.cancel()
        let outcome = await waiter.result
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(throws: CancellationError.self) { try outcome.get() }
    }

    @Test("a real ovsdb-server that stops answering: the transaction times out naming it; after it resumes, calls work again")
    func silentServer() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        let pidText = try String(contentsOf: ovn.directory.appendingPathComponent("nb.pid"), encoding: .utf8)
        let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        try await withClient([try Remote(ovn.northbound)]) { client in
            #expect(kill(pid, SIGSTOP) == 0)
            let error = await #expect(throws: OVSDBError.self) {
                _ = try await client.transact([.insert("Logical_Switch", ["name": "late"])], timeout: .milliseconds(600))
            }
            #expect(kill(pid, SIGCONT) == 0)
            guard case .timedOut(let why) = error else { Issue.record("expected timedOut, got \(String(describing: error))"); return }
            #expect(why.contains(ovn.northbound.replacingOccurrences(of: "unix:", with: "")), "\(why)")

            // A cancelled call ends at once, too.
            #expect(kill(pid, SIGSTOP) == 0)
            let call = Task { try await client.transact([.comment("cancelled")], timeout: .seconds(50)) }
            try await Task.sleep(for: .milliseconds(100))
            call.cancel()
            let cancelled = await call.result
            #expect(kill(pid, SIGCONT) == 0)
            #expect(throws: CancellationError.self) { _ = try cancelled.get() }

            // The server answers again: the client works (reconnecting if the silence closed it).
            let recovered = await eventually(timeout: .seconds(20)) {
                (try? await client.transact([.comment("back")], timeout: .seconds(2))) != nil
            }
            #expect(recovered, "no transaction succeeded after the server resumed")
        }
    }
}
