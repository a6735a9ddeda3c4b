/// Where an OVSDB server listens, in `ovn-nbctl --db` syntax: `unix:PATH` or `tcp:HOST:PORT`.
///
///     let remotes = try Remote.parseList("tcp:127.0.0.1:6641,tcp:127.0.0.1:6643")
public enum Remote: Sendable, Hashable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: Int)

    public init(_ text: String) throws(OVSDBError) {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("unix:") {
            let path = String(trimmed.dropFirst(5))
            guard !path.isEmpty else { throw .invalidRemote(text, reason: "empty socket path") }
            self = .unix(path: path)
        } else if trimmed.hasPrefix("tcp:") {
            let rest = trimmed.dropFirst(4)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                (1...65535).contains(port)
            else { throw .invalidRemote(text, reason: "expected tcp:HOST:PORT with a port in 1…65535") }
            var host = String(rest[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw .invalidRemote(text, reason: "empty host") }
            self = .tcp(host: host, port: port)
        } else {
            throw .invalidRemote(text, reason: "only unix: and tcp: remotes are supported")
        }
    }

    /// Parses a comma-separated list, as `ovn-nbctl --db=tcp:…,tcp:…` takes.
    public static func parseList(_ text: String) throws(OVSDBError) -> [Remote] {
        var remotes: [Remote] = []
        for part in text.split(separator: ",") where !part.trimmingSpaces.isEmpty {
            remotes.append(try Remote(String(part)))
        }
        guard !remotes.isEmpty else { throw .invalidRemote(text, reason: "no remote given") }
        return remotes
    }

    public var description: String {
        switch self {
        case .unix(let path): return "unix:\(path)"
        case .tcp(let host, let port): return host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
