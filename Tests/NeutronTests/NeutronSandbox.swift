import AsyncHTTPClient
import Foundation
import Neutron
import TestSupport
import Testing

/// A real neutron-server (ML2/OVN, noauth) started by `scripts/neutron-sandbox` in a temp dir,
/// shared by the tests of one suite: apply `.neutronSandbox` to the suite, read `.current` in
/// its tests. Started once before the suite and stopped (process group, OVN too) after it,
/// also when tests fail.
struct NeutronSandbox: Sendable {
    @TaskLocal static var current: NeutronSandbox?

    let directory: URL
    let neutronURL: String
    let northbound: String
    let projectID = "scnet-tests"
    let http: HTTPClient

    /// A client for this server in noauth mode.
    func client(pageSize: Int = 500) -> NeutronClient {
        NeutronClient(
            configuration: NeutronConfiguration(
                authentication: .noauth(endpoint: neutronURL, projectID: projectID),
                retry: RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(100)),
                requestTimeout: .seconds(60), pageSize: pageSize),
            httpClient: http)
    }

    /// Runs `ovn-nbctl --db=<this sandbox's NB> args…` and returns its output.
    func nbctl(_ arguments: String...) throws -> String {
        try runTool(["ovn-nbctl", "--db=\(northbound)"] + arguments).output
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func up() throws -> NeutronSandbox {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("scnet-neutron-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let started = Date()
        let result = try runTool(
            [repositoryRoot.appendingPathComponent("scripts/neutron-sandbox").path, "up", directory.path],
            log: directory.appendingPathComponent("sandbox-up.log"),
            // Stops the sandbox should this process die without running the suite's teardown.
            environment: ["SCNET_SANDBOX_WATCH_PID": String(getpid())])
        guard result.status == 0 else {
            // Stop whatever part came up (OVN, a server that never answered).
            _ = try? runTool(
                [repositoryRoot.appendingPathComponent("scripts/neutron-sandbox").path, "down", directory.path])
            throw SandboxFailure(message: "neutron-sandbox up failed (\(result.status)): \(result.output)")
        }
        let env = try parseEnv(String(contentsOf: directory.appendingPathComponent("env"), encoding: .utf8))
        guard let url = env["SCNET_NEUTRON_URL"], let nb = env["SCNET_OVN_NB"] else {
            throw SandboxFailure(message: "env file lacks SCNET_NEUTRON_URL or SCNET_OVN_NB: \(env)")
        }
        print("Neutron sandbox up in \(String(format: "%.1f", Date().timeIntervalSince(started))) s at \(url)")
        return NeutronSandbox(
            directory: directory, neutronURL: url, northbound: nb,
            http: NeutronClient.makeHTTPClient())
    }

    func down() async {
        let started = Date()
        try? await http.shutdown()
        let shutDown = Date().timeIntervalSince(started)
        let result = try? runTool(
            [Self.repositoryRoot.appendingPathComponent("scripts/neutron-sandbox").path, "down", directory.path],
            log: directory.appendingPathComponent("sandbox-down.log"))
        print("Neutron sandbox down in \(String(format: "%.1f", Date().timeIntervalSince(started))) s "
            + "(HTTP client \(String(format: "%.1f", shutDown)) s): \(result?.output ?? "")")
        if ProcessInfo.processInfo.environment["SCNET_KEEP_SANDBOX"] == nil { try? FileManager.default.removeItem(at: directory) }
    }

    static func parseEnv(_ text: String) -> [String: String] {
        var env: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return env
    }
}

struct SandboxFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs a program found on PATH (system directories first) and waits for it, with output in
/// `log` (or a temp file). Uses posix_spawn + waitpid: Foundation's `Process.waitUntilExit`
/// missed the exit of a script that leaves daemons behind and hung.
@discardableResult
func runTool(
    _ arguments: [String], log: URL? = nil, environment extra: [String: String] = [:]
) throws -> (status: Int32, output: String) {
    let logURL = log ?? FileManager.default.temporaryDirectory
        .appendingPathComponent("scnet-tool-\(UUID().uuidString).log")
    defer { if log == nil { try? FileManager.default.removeItem(at: logURL) } }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, logURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)

    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin:" + (environment["PATH"] ?? "")
    environment.merge(extra) { _, new in new }
    let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }

    // The calling thread (a Swift concurrency worker) blocks signals, and a spawned child
    // inherits that mask: daemons started by the script would then ignore SIGTERM and only go
    // on SIGKILL. Start the child with an empty mask and default dispositions.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var pid = pid_t()
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
    guard spawned == 0 else {
        throw SandboxFailure(message: "cannot start \(arguments.joined(separator: " ")): errno \(spawned)")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    // WIFEXITED / WEXITSTATUS
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exitStatus, output)
}

/// Starts the sandbox once around a whole suite and exposes it as `NeutronSandbox.current`.
struct NeutronSandboxTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let sandbox = try NeutronSandbox.up()
        do {
            try await NeutronSandbox.$current.withValue(sandbox) { try await function() }
        } catch {
            await sandbox.down()
            throw error
        }
        await sandbox.down()
    }
}

extension Trait where Self == NeutronSandboxTrait {
    /// A real neutron-server for the suite's tests.
    static var neutronSandbox: Self { Self() }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass.
func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
