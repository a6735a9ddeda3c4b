import Foundation
import Spawn
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `kubectl` against a test server: spawned with `posix_spawn` and an empty signal
/// mask (so it can be stopped), output captured in temp files, and waited for by polling, so a
/// hung kubectl never blocks a thread or outlives its deadline.
public struct Kubectl: Sendable {
    public let kubeconfig: String
    /// A fresh discovery cache per server, so no stale discovery from another test is used.
    public let cacheDir: String
    public let workDir: URL

    public init(kubeconfig: String, cacheDir: String, workDir: URL) {
        self.kubeconfig = kubeconfig
        self.cacheDir = cacheDir
        self.workDir = workDir
    }

    public struct Result: Sendable, CustomStringConvertible {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    public static let path = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `kubectl ARGS` to completion (killed after `deadline`).
    @discardableResult
    public func callAsFunction(_ args: String..., stdin: String? = nil, env: [String: String] = [:], deadline: Duration = .seconds(20)) async throws -> Result {
        try await run(args, stdin: stdin, env: env, deadline: deadline)
    }

    /// `kubectl ARGS` with the arguments as an array (killed after `deadline`).
    @discardableResult
    public func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:], deadline: Duration = .seconds(20)) async throws -> Result {
        let p = try start(args, stdin: stdin, env: env)
        let status = await p.child.wait(timeout: deadline) ?? -1
        return p.result(status)
    }

    /// A kubectl that keeps running (e.g. `get -w`); read its output while it runs, stop it by pid.
    public final class Running: Sendable {
        public let child: ChildProcess
        let out: URL, err: URL

        init(child: ChildProcess, out: URL, err: URL) {
            self.child = child
            self.out = out
            self.err = err
        }

        public var pid: pid_t { child.pid }
        public var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
        public var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }

        public func exitStatus() -> Int32? { child.exitStatus() }

        public func stop() { child.kill() }

        public func result(_ status: Int32) -> Result { Result(status: status, stdout: stdout, stderr: stderr) }

        /// Polls the output until `condition` holds (true) or `timeout` passes (false).
        public func waitForOutput(timeout: Duration = .seconds(15), _ condition: (String) -> Bool) async throws -> Bool {
            let clock = ContinuousClock()
            let end = clock.now + timeout
            while clock.now < end {
                if condition(stdout) { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return condition(stdout)
        }
    }

    public func start(_ args: [String], stdin: String? = nil, env extra: [String: String] = [:]) throws -> Running {
        guard let path = Self.path else { throw KubectlMissing() }
        var environment = extra
        environment["KUBECONFIG"] = kubeconfig
        environment["HOME"] = environment["HOME"] ?? workDir.path
        return try Self.spawn([path, "--cache-dir", cacheDir] + args, stdin: stdin, env: environment, workDir: workDir)
    }

    /// Spawns `argv` with the test's environment plus `env`, output into files under `workDir`.
    public static func spawn(_ argv: [String], stdin: String? = nil, env extra: [String: String] = [:], workDir: URL) throws -> Running {
        let id = UUID().uuidString.prefix(8)
        let name = URL(fileURLWithPath: argv[0]).lastPathComponent
        let out = workDir.appendingPathComponent("\(name)-\(id).out")
        let err = workDir.appendingPathComponent("\(name)-\(id).err")
        let input = workDir.appendingPathComponent("\(name)-\(id).in")
        try (stdin ?? "").write(to: input, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in extra { environment[k] = v }
        let child = try ChildProcess.start(argv, environment: environment, stdin: input.path, stdout: out.path, stderr: err.path)
        return Running(child: child, out: out, err: err)
    }

    public struct KubectlMissing: Error {}
    public struct SpawnFailed: Error {
        public var code: Int32
        public init(code: Int32) { self.code = code }
    }
}
