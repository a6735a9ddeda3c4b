import Foundation
import Spawn

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
        return try OVNSandbox(directory: dir, env: EnvironmentFile.parse(text))
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
}

/// A failure of the test harness itself (a script or command failed).
public struct SandboxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

