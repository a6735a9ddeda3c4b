import Foundation

/// A private OVN (NB + SB ovsdb-server, ovn-northd) started by the project's own
/// `scripts/ovn-sandbox` in a fresh temp directory, for integration tests against the real
/// server. Stop it with `stop()` (which runs `ovn-sandbox down`, killing only its own pids).
///
///     let ovn = try OVNSandbox.start()
///     defer { ovn.stop() }
///     let client = OVSDBClient(remotes: [try Remote(ovn.northbound)], database: "OVN_Northbound")
public final class OVNSandbox: Sendable {
    public let directory: URL
    /// `unix:DIR/nb.sock`
    public let northbound: String
    public let southbound: String
    /// `tcp:127.0.0.1:PORT`
    public let northboundTCP: String
    public let southboundTCP: String

    /// The repository root, found from this source file's location.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var script: String { repositoryRoot.appendingPathComponent("scripts/ovn-sandbox").path }

    private init(directory: URL, env: [String: String]) throws {
        self.directory = directory
        func value(_ key: String) throws -> String {
            guard let v = env[key] else { throw SandboxError(message: "ovn-sandbox env has no \(key)") }
            return v
        }
        northbound = try value("SCNET_OVN_NB")
        southbound = try value("SCNET_OVN_SB")
        northboundTCP = try value("SCNET_OVN_NB_TCP")
        southboundTCP = try value("SCNET_OVN_SB_TCP")
    }

    /// Starts a sandbox in a new temp directory.
    public static func start() throws -> OVNSandbox {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-ovn-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try run(script, ["up", dir.path])
        let text = try String(contentsOf: dir.appendingPathComponent("env"), encoding: .utf8)
        return try OVNSandbox(directory: dir, env: parseEnv(text))
    }

    /// Stops the daemons and removes the directory.
    public func stop() {
        _ = try? run(Self.script, ["down", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Kills the NB ovsdb-server (SIGKILL, by its pid file) — to test reconnection.
    public func killNorthbound() throws {
        let pid = try String(contentsOf: directory.appendingPathComponent("nb.pid"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let number = Int32(pid) else { throw SandboxError(message: "bad pid file \(pid)") }
        kill(number, SIGKILL)
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("nb.pid"))
    }

    /// Starts the NB server again on the same database file and sockets (`ovn-sandbox up` is idempotent).
    public func restartNorthbound() throws {
        try run(Self.script, ["up", directory.path])
    }

    /// Runs `ovn-nbctl --db=NB ARGS` and returns its standard output.
    @discardableResult
    public func nbctl(_ arguments: String...) throws -> String {
        try run("/usr/bin/ovn-nbctl", ["--db=\(northbound)"] + arguments)
    }

    @discardableResult
    public func nbctl(arguments: [String]) throws -> String {
        try run("/usr/bin/ovn-nbctl", ["--db=\(northbound)"] + arguments)
    }

    @discardableResult
    public func sbctl(_ arguments: String...) throws -> String {
        try run("/usr/bin/ovn-sbctl", ["--db=\(southbound)"] + arguments)
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

/// A failure of the test harness itself (a script or command failed).
public struct SandboxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Runs a program, returns stdout; throws with stderr when it exits non-zero.
///
/// Uses posix_spawn + waitpid rather than Foundation's `Process`, whose `waitUntilExit` can
/// hang on Linux when called from a Swift-concurrency thread. Output goes through temp files,
/// not pipes: daemons the program detaches keep inherited pipe ends open forever.
@discardableResult
public func run(_ executable: String, _ arguments: [String]) throws -> String {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-run-\(UUID().uuidString)").path
    let outPath = base + ".out", errPath = base + ".err"
    defer {
        unlink(outPath)
        unlink(errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    // Daemons started by the script must not inherit this process's blocked or ignored
    // signals, or they would ignore the SIGTERM that stops them.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t(), allSignals = sigset_t()
    sigemptyset(&noSignals)
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    guard spawned == 0 else { throw SandboxError(message: "cannot start \(executable): error \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let exited = (status & 0x7f) == 0
    let code = (status >> 8) & 0xff
    guard exited, code == 0 else {
        let why = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        throw SandboxError(message: "\(executable) \(arguments.joined(separator: " ")) exited \(code): \(why)")
    }
    return output
}
