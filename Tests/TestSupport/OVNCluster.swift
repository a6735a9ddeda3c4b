import Foundation
import Spawn

/// A 3-member RAFT OVN Northbound started by `scripts/ovn-sandbox cluster-up` in a temp dir.
public final class OVNCluster: Sendable {
    public let directory: URL
    /// `tcp:…,tcp:…,tcp:…` — every member's client address.
    public let remotes: String
    /// Member N's client address (`members[0]` is member 1).
    public let members: [String]

    private init(directory: URL, env: [String: String]) throws {
        self.directory = directory
        guard let remotes = env["SCNET_OVN_NB_CLUSTER"] else { throw SandboxError(message: "cluster env lacks SCNET_OVN_NB_CLUSTER") }
        self.remotes = remotes
        members = (1...3).compactMap { env["SCNET_OVN_NB\($0)"] }
    }

    public static func start() throws -> OVNCluster {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-ovn-cluster-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try run(OVNSandbox.script, ["cluster-up", dir.path])
        let text = try String(contentsOf: dir.appendingPathComponent("env"), encoding: .utf8)
        return try OVNCluster(directory: dir, env: EnvironmentFile.parse(text))
    }

    public func stop() {
        _ = try? run(OVNSandbox.script, ["down", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    /// The member (1…3) whose `cluster/status` says `Role: leader`, if any.
    public func leader() -> Int? {
        for member in 1...3 {
            let ctl = directory.appendingPathComponent("nb\(member).ctl").path
            guard let status = try? run("/usr/bin/ovs-appctl", ["-t", ctl, "cluster/status", "OVN_Northbound"]) else { continue }
            if status.contains("Role: leader") { return member }
        }
        return nil
    }

    /// SIGKILLs member `member`'s ovsdb-server (by its pid file).
    public func kill(member: Int) throws {
        let pidFile = directory.appendingPathComponent("nb\(member).pid")
        let text = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text) else { throw SandboxError(message: "bad pid file \(pidFile.path)") }
        Foundation.kill(pid, SIGKILL)
        try? FileManager.default.removeItem(at: pidFile)
    }

    /// `ovn-nbctl --db=<all members> ARGS` (leader-only, as ovn-nbctl does by default).
    @discardableResult
    public func nbctl(_ arguments: String...) throws -> String {
        try run("/usr/bin/ovn-nbctl", ["--db=\(remotes)", "--timeout=20"] + arguments)
    }
}
