import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `scnet serve` as a user runs it: the built binary, a data directory, kubectl, then SIGTERM.
@Suite("scnet serve", .serialized, .timeLimit(.minutes(1)), .enabled(if: Kubectl.path != nil, "kubectl is not installed"))
struct ServeCommandTests {
    /// The `scnet` binary SwiftPM builds next to the test bundle.
    static var binary: URL? {
        let candidates = [Bundle.main.bundleURL.deletingLastPathComponent(), TestServer.repoRoot.appendingPathComponent(".build/debug")]
            + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        return candidates.map { $0.appendingPathComponent("scnet") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func serve(_ dir: URL) throws -> Kubectl.Running {
        guard let binary = Self.binary else { throw Kubectl.SpawnFailed(code: -1) }
        return try Kubectl.spawn([binary.path, "serve", "--data-dir", dir.path, "--listen", "127.0.0.1:0"], workDir: dir)
    }

    @Test("scnet serve writes a kubeconfig kubectl uses, stops on SIGTERM, and keeps its data for the next start")
    func serveAndStop() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("kubeconfig")
        let kubectl = Kubectl(kubeconfig: kubeconfig.path, cacheDir: dir.appendingPathComponent("cache").path, workDir: dir)

        let first = try serve(dir)
        defer { first.stop() }
        #expect(await eventually(timeout: .seconds(20)) { FileManager.default.fileExists(atPath: kubeconfig.path) }, "\(first.stderr)")
        let created = try await kubectl("create", "namespace", "kept")
        #expect(created.status == 0, "\(created)")
        // The greeting is logged just after the kubeconfig is written: wait for it too.
        #expect(await eventually(timeout: .seconds(10)) {
            (first.stdout + first.stderr).contains("KubeLite API listening on https://127.0.0.1:")
        }, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        // The token is in the kubeconfig and the token file, never in a log line.
        let token = try String(contentsOf: dir.appendingPathComponent("token"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 64)
        #expect(!(first.stdout + first.stderr).contains(token), "the token was logged")

        // An open watch must not hold the shutdown: the server ends it, and kubectl get -w exits.
        let watcher = try kubectl.start(["get", "namespaces", "-w"])
        defer { watcher.stop() }
        #expect(try await watcher.waitForOutput { $0.contains("kept") }, "\(watcher.stderr)")

        kill(first.pid, SIGTERM)
        #expect(await eventually(timeout: .seconds(15)) { first.exitStatus() != nil }, "scnet serve did not stop on SIGTERM")
        #expect(first.exitStatus() == 0)
        #expect(await eventually(timeout: .seconds(10)) { watcher.exitStatus() != nil }, "the watch stayed open")

        try FileManager.default.removeItem(at: kubeconfig)
        let second = try serve(dir)
        defer { second.stop() }
        #expect(await eventually(timeout: .seconds(20)) { FileManager.default.fileExists(atPath: kubeconfig.path) })
        let got = try await kubectl("get", "namespace", "kept", "-o", "name")
        #expect(got.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "namespace/kept", "\(got)")
        kill(second.pid, SIGINT)
        #expect(await eventually(timeout: .seconds(15)) { second.exitStatus() != nil }, "scnet serve did not stop on SIGINT")
        // The same CA and token across restarts: a kubeconfig copied elsewhere keeps working.
        let tokenAfter = try String(contentsOf: dir.appendingPathComponent("token"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(tokenAfter == token)
    }

    @Test("--insecure-http serves plain HTTP on loopback and is refused elsewhere, naming the reason")
    func insecureHTTP() async throws {
        guard let binary = Self.binary else { throw Kubectl.SpawnFailed(code: -1) }
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refused = try Kubectl.spawn([binary.path, "serve", "--data-dir", dir.path, "--listen", "0.0.0.0:0", "--insecure-http"], workDir: dir)
        defer { refused.stop() }
        #expect(await eventually(timeout: .seconds(10)) { refused.exitStatus() != nil })
        #expect(refused.exitStatus() != 0)
        #expect(refused.stderr.contains("--insecure-http") && refused.stderr.contains("loopback"), "\(refused.stderr)")

        let plain = try Kubectl.spawn([binary.path, "serve", "--data-dir", dir.path, "--listen", "127.0.0.1:0", "--insecure-http"], workDir: dir)
        defer { plain.stop() }
        let kubeconfig = dir.appendingPathComponent("kubeconfig")
        #expect(await eventually(timeout: .seconds(20)) { FileManager.default.fileExists(atPath: kubeconfig.path) }, "\(plain.stderr)")
        let text = try String(contentsOf: kubeconfig, encoding: .utf8)
        #expect(text.contains("server: http://127.0.0.1:") && !text.contains("token:"), "\(text)")
        let kubectl = Kubectl(kubeconfig: kubeconfig.path, cacheDir: dir.appendingPathComponent("cache").path, workDir: dir)
        let listed = try await kubectl("get", "namespaces", "-o", "name")
        #expect(listed.status == 0 && listed.stdout.contains("namespace/default"), "\(listed)")
    }
}
