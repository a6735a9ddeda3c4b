import Foundation

/// Runs a program and waits for it, stdout and stderr written to the given files.
///
/// posix_spawn + waitpid rather than Foundation's `Process`, whose `waitUntilExit` missed the
/// exit of scripts that leave daemons behind and hung. Files, not pipes: detached daemons keep
/// inherited pipe ends open forever. The child gets an empty signal mask and default
/// dispositions: a Swift concurrency thread blocks signals, and daemons started with that mask
/// would ignore the SIGTERM that stops them. Returns the exit status (128+signal if killed).
func spawnAndWait(_ argv: [String], environment: [String: String], stdout: String, stderr: String?) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if let stderr {
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    } else {
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }
    let cArgs = (["/usr/bin/env"] + argv).map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t(), allSignals = sigset_t()
    sigemptyset(&noSignals)
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var pid = pid_t()
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, cArgs, cEnv)
    guard spawned == 0 else {
        throw SandboxFailure(message: "cannot start \(argv.joined(separator: " ")): errno \(spawned)")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

/// The environment for tools: system directories first on PATH (a pyenv python or a local
/// build must not shadow Debian's neutron or OVN tools), plus `extra`.
func toolEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin:" + (environment["PATH"] ?? "")
    environment.merge(extra) { _, new in new }
    return environment
}

/// Runs a program found on PATH and waits for it; output (stdout and stderr together) in `log`
/// or a temp file. Never throws for a non-zero exit: the status is returned.
@discardableResult
public func runTool(
    _ arguments: [String], log: URL? = nil, environment extra: [String: String] = [:]
) throws -> (status: Int32, output: String) {
    let logURL = log ?? FileManager.default.temporaryDirectory.appendingPathComponent("scnet-tool-\(UUID().uuidString).log")
    defer { if log == nil { try? FileManager.default.removeItem(at: logURL) } }
    let status = try spawnAndWait(arguments, environment: toolEnvironment(extra), stdout: logURL.path, stderr: nil)
    return (status, (try? String(contentsOf: logURL, encoding: .utf8)) ?? "")
}

/// Runs a program, returns its stdout; throws with its stderr when it exits non-zero.
@discardableResult
public func run(_ executable: String, _ arguments: [String]) throws -> String {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-run-\(UUID().uuidString)").path
    let outPath = base + ".out", errPath = base + ".err"
    defer {
        unlink(outPath)
        unlink(errPath)
    }
    let code = try spawnAndWait([executable] + arguments, environment: toolEnvironment(), stdout: outPath, stderr: errPath)
    let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    guard code == 0 else {
        let why = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        throw SandboxError(message: "\(executable) \(arguments.joined(separator: " ")) exited \(code): \(why)")
    }
    return output
}
