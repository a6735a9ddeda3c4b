import Foundation

/// Runs the project's own scripts (`scripts/ovn-sandbox`, `scripts/neutron-sandbox`) that
/// install and start the local OVN and Neutron.
///
/// posix_spawn + waitpid, output to a log file: Foundation's `Process` missed the exit of
/// scripts that leave daemons behind, and daemons keep inherited pipes open forever. The child
/// gets an empty signal mask, or the daemons it starts would ignore the SIGTERM that stops them.
struct ScriptRunner: Sendable {
    let directory: URL

    /// Finds `scripts/` next to the executable's checkout (`.build/<config>/scnet`), in the
    /// working directory, or in `SCNET_SCRIPTS`.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> ScriptRunner? {
        var candidates: [URL] = []
        if let explicit = environment["SCNET_SCRIPTS"] { candidates.append(URL(fileURLWithPath: explicit)) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("scripts"))
            dir.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("scripts"))
        for candidate in candidates
        where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("ovn-sandbox").path) {
            return ScriptRunner(directory: candidate)
        }
        return nil
    }

    /// Runs `script args…` with `environment` added; throws with the log's tail on failure.
    func run(_ script: String, _ arguments: [String], environment extra: [String: String] = [:], log: URL) throws {
        let path = directory.appendingPathComponent(script).path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { _, new in new }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
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
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw UpError.script(script, "cannot start \(path): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n").suffix(15).joined(separator: "\n")
            throw UpError.script(script, "\(script) \(arguments.joined(separator: " ")) failed (status \(status)); see \(log.path):\n\(tail)")
        }
    }

    /// Reads a `KEY=VALUE` env file as the scripts write it.
    static func readEnv(_ url: URL) throws -> [String: String] {
        var env: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return env
    }
}

/// Why `scnet up` could not bring the local network up.
enum UpError: Error, CustomStringConvertible {
    case script(String, String)
    case missing(String)

    var description: String {
        switch self {
        case .script(_, let message): message
        case .missing(let what): what
        }
    }
}
