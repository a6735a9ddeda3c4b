/// A containerd shim process (`containerd-shim-runc-v2 -namespace NS -id ID -address SOCK`) as
/// found in /proc, with its scheduler state letter from /proc/PID/stat.
public struct ShimProcess: Sendable, Equatable {
    public var pid: Int32
    public var namespace: String
    public var id: String
    public var address: String
    /// R running, S sleeping, D uninterruptible, T stopped (SIGSTOP), t traced, Z zombie.
    public var state: Character

    public init(pid: Int32, namespace: String, id: String, address: String, state: Character) {
        self.pid = pid
        self.namespace = namespace
        self.id = id
        self.address = address
        self.state = state
    }

    public var isStopped: Bool { state == "T" || state == "t" }
    public var isZombie: Bool { state == "Z" || state == "X" }

    /// The shim's identity from its NUL-separated command line, nil when it is not a serving
    /// shim. containerd also runs the shim binary briefly as `… start` (to spawn the server) and
    /// `… delete` (to clean up after a dead one); those carry the same flags and are skipped.
    static func identity(commandLine: [UInt8]) -> (namespace: String, id: String, address: String)? {
        let arguments = commandLine.split(separator: 0, omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
        guard let program = arguments.first, program.split(separator: "/").last?.hasPrefix("containerd-shim") == true,
            let last = arguments.last, last != "delete", last != "start"
        else { return nil }
        func value(_ flag: String) -> String? {
            guard let index = arguments.firstIndex(where: { $0 == flag || $0 == "-" + flag }),
                arguments.indices.contains(index + 1)
            else { return nil }
            return arguments[index + 1]
        }
        guard let namespace = value("-namespace"), let id = value("-id") else { return nil }
        return (namespace, id, value("-address") ?? "")
    }

    /// The state letter of a /proc/PID/stat line: the field after the command name, which is
    /// in parentheses and may itself contain spaces and parentheses.
    static func state(statLine: String) -> Character? {
        guard let close = statLine.lastIndex(of: ")") else { return nil }
        return statLine[statLine.index(after: close)...].first { $0 != " " }
    }
}
