import Foundation
import Synchronization

/// A program started with `posix_spawn`, the one way scnet starts programs (its scripts, the
/// tools tests and benchmarks drive).
///
/// Why not Foundation's `Process`: its `waitUntilExit` missed the exit of scripts that leave
/// daemons behind and hung. Output goes to files, never pipes: detached daemons keep inherited
/// pipe ends open forever. The child gets an empty signal mask and default dispositions: a Swift
/// concurrency thread blocks signals, and daemons started with that mask would ignore the
/// SIGTERM that stops them.
///
///     let child = try ChildProcess.start(["ovn-nbctl", "show"], stdout: "/tmp/out", stderr: nil)
///     let status = child.waitBlocking()          // or poll `exitStatus()` from async code
public final class ChildProcess: Sendable {
    public let pid: pid_t
    /// The status once reaped: waitpid may succeed only once.
    private let reaped = Mutex<Int32?>(nil)

    private init(pid: pid_t) { self.pid = pid }

    /// Starts `argv[0]` (looked up on `PATH`) with `argv`, stdin from `stdin` (or /dev/null),
    /// stdout to `stdout` and stderr to `stderr` (or to stdout when nil); files are truncated,
    /// or appended to with `append`. `environment` replaces the process's environment; the
    /// child starts in `workingDirectory` when given.
    public static func start(
        _ argv: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        stdin: String? = nil, stdout: String, stderr: String?, append: Bool = false, workingDirectory: String? = nil
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift: GNU env changes directory.
        let argv = workingDirectory.map { ["/usr/bin/env", "-C", $0] + argv } ?? argv
        let mode = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, mode, 0o644)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, mode, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard spawned == 0 else { throw SpawnError(program: argv[0], errno: spawned) }
        return ChildProcess(pid: pid)
    }

    /// The exit status once the program ended (128 + signal when killed), without waiting.
    public func exitStatus() -> Int32? {
        reaped.withLock { reaped in
            if let reaped { return reaped }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            reaped = Self.decode(status)
            return reaped
        }
    }

    /// Waits for the end, blocking the calling thread: only for synchronous callers.
    public func waitBlocking() -> Int32 {
        reaped.withLock { reaped in
            if let reaped { return reaped }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let decoded = Self.decode(status)
            reaped = decoded
            return decoded
        }
    }

    /// Waits for the end by polling, never blocking a cooperative thread; kills the program
    /// (SIGKILL) and answers `nil` once `timeout` has passed.
    public func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus() { return status }
            try? await Task.sleep(for: .milliseconds(15))
        }
        kill()
        return nil
    }

    /// Sends `signal` (default SIGKILL); a SIGKILL also reaps the program.
    public func kill(_ signal: Int32 = SIGKILL) {
        guard exitStatus() == nil else { return }
        Glibc.kill(pid, signal)
        if signal == SIGKILL { _ = waitBlocking() }
    }

    static func decode(_ status: Int32) -> Int32 { (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
}

/// A program that could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    public var program: String
    public var errno: Int32
    public var description: String { "cannot start \(program): \(String(cString: strerror(errno)))" }
}
