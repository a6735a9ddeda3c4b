import Foundation
import Kube
import Logging
import SCNetAPI
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `scnet serve` killed with SIGKILL in the middle of a burst of writes, again and again: what
/// it acknowledged is there after each restart, whole; resourceVersions only grow; a journal
/// whose last line was torn is cut back and the server starts.
@Suite("the embedded API's store survives SIGKILL", .serialized, .timeLimit(.minutes(5)),
       .enabled(if: Kubectl.path != nil, "kubectl is not installed"))
struct CrashSafetyTests {
    static let rounds = 50
    static let writers = 6

    /// A small deterministic generator (SplitMix64), so a failing round can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct StartFailed: Error, CustomStringConvertible {
        var stderr: String
        var description: String { "scnet serve did not start: \(stderr)" }
    }

    /// Starts `scnet serve` on `dir` and returns it with a client, once its fresh kubeconfig exists.
    func start(_ dir: URL) async throws -> (Kubectl.Running, KubeClient) {
        guard let binary = ServeCommandTests.binary else { throw Kubectl.SpawnFailed(code: -1) }
        let kubeconfig = dir.appendingPathComponent("kubeconfig")
        try? FileManager.default.removeItem(at: kubeconfig)
        let server = try Kubectl.spawn([binary.path, "serve", "--data-dir", dir.path, "--listen", "127.0.0.1:0"], workDir: dir)
        guard await eventually(timeout: .seconds(20), { FileManager.default.fileExists(atPath: kubeconfig.path) }) else {
            server.stop()
            throw StartFailed(stderr: server.stderr)
        }
        var logger = Logger(label: "crash-test")
        logger.logLevel = .critical
        return (server, try KubeClient(config: try KubeConfig.load(kubeconfig: kubeconfig.path), logger: logger))
    }

    @Test("SIGKILL at a random point of a write burst, 50 times: every acknowledged write is there, whole; resourceVersions grow")
    func killDuringWrites() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = SeededGenerator(state: 20_261_202)
        var acknowledged: [String: Int64] = [:]
        var highest: Int64 = 0

        for round in 0..<Self.rounds {
            let (server, kube) = try await start(dir)
            defer { server.stop() }
            // Everything acknowledged before is there, whole, with the version it was acknowledged at.
            let stored = try await kube.listAll(Namespace.self)
            let byName = Dictionary(stored.items.map { ($0.metadata.name, $0) }, uniquingKeysWith: { first, _ in first })
            for (name, version) in acknowledged {
                guard let object = byName[name] else {
                    Issue.record("round \(round): acknowledged namespace \(name) (rv \(version)) is gone")
                    continue
                }
                #expect(object.metadata.resourceVersion == String(version), "round \(round): \(name)")
                #expect(object.metadata.labels["crash-test"] == name, "round \(round): \(name) is not whole")
            }
            // A write after the restart gets a version above every one seen before.
            let marker = try await kube.create(Namespace(metadata: ObjectMeta(name: "marker-\(round)", labels: ["crash-test": "marker-\(round)"])))
            let markerVersion = try #require(Int64(marker.metadata.resourceVersion ?? ""))
            #expect(markerVersion > highest, "round \(round): rv \(markerVersion) after restart, \(highest) seen before")
            acknowledged[marker.metadata.name] = markerVersion
            highest = max(highest, markerVersion)

            // A burst from several writers, killed after a random delay.
            let delay = Int.random(in: 5...120, using: &random)
            let results = try await withThrowingTaskGroup(of: [(String, Int64)].self) { group in
                for writer in 0..<Self.writers {
                    group.addTask {
                        var done: [(String, Int64)] = []
                        for i in 0..<10_000 {
                            let name = "r\(round)-w\(writer)-\(i)"
                            guard let created = try? await kube.create(Namespace(metadata: ObjectMeta(name: name, labels: ["crash-test": name]))),
                                  let version = Int64(created.metadata.resourceVersion ?? "")
                            else { return done }
                            done.append((name, version))
                        }
                        return done
                    }
                }
                try await Task.sleep(for: .milliseconds(delay))
                kill(server.pid, SIGKILL)
                var all: [(String, Int64)] = []
                for try await part in group { all += part }
                return all
            }
            _ = await eventually(timeout: .seconds(10)) { server.exitStatus() != nil }
            try? await kube.shutdown()
            for (name, version) in results {
                acknowledged[name] = version
                highest = max(highest, version)
            }
        }
        #expect(acknowledged.count > Self.rounds * 2, "the bursts wrote almost nothing: \(acknowledged.count) writes")

        // The last round's state once more, after a journal tail torn by hand.
        let journal = dir.appendingPathComponent("journal.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"group":"","object":{"apiVersion":"v1","kind":"Namesp"#.utf8))
        try handle.close()
        let (server, kube) = try await start(dir)
        defer { server.stop() }
        let stored = try await kube.listAll(Namespace.self)
        let names = Set(stored.items.map(\.metadata.name))
        #expect(acknowledged.keys.allSatisfy { names.contains($0) }, "writes were lost after the torn tail")
        let text = try String(contentsOf: journal, encoding: .utf8)
        #expect(!text.contains(#""kind":"Namesp"#) || text.hasSuffix("\n"), "the torn tail was not cut")
        let after = try await kube.create(Namespace(metadata: ObjectMeta(name: "after-torn-tail")))
        #expect((Int64(after.metadata.resourceVersion ?? "") ?? 0) > highest)
        try? await kube.shutdown()
    }

    @Test("a damaged line in the middle of the journal stops the start with an error naming the file and line, instead of losing writes")
    func damagedMiddleLine() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let (server, kube) = try await start(dir)
            defer { server.stop() }
            for i in 0..<3 { _ = try await kube.create(Namespace(metadata: ObjectMeta(name: "kept-\(i)"))) }
            try? await kube.shutdown()
            kill(server.pid, SIGKILL)
            _ = await eventually(timeout: .seconds(10)) { server.exitStatus() != nil }
        }
        let journal = dir.appendingPathComponent("journal.jsonl")
        var lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count >= 3)
        lines[1] = String(lines[1].prefix(lines[1].count / 2))
        try lines.joined(separator: "\n").write(to: journal, atomically: true, encoding: .utf8)

        guard let binary = ServeCommandTests.binary else { throw Kubectl.SpawnFailed(code: -1) }
        let server = try Kubectl.spawn([binary.path, "serve", "--data-dir", dir.path, "--listen", "127.0.0.1:0"], workDir: dir)
        defer { server.stop() }
        #expect(await eventually(timeout: .seconds(20)) { server.exitStatus() != nil }, "the server started on a damaged journal")
        #expect(server.exitStatus() != 0)
        let output = server.stdout + server.stderr
        #expect(output.contains("journal.jsonl") && output.contains("line 2"), "\(output)")
    }
}
