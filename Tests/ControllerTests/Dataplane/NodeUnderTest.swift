import Foundation
import Spawn
import TestSupport

/// One node of a test: a network namespace of the test's own (`scnt-…`) holding the node's Open
/// vSwitch (userspace datapath) and `ovn-controller` (started by `scripts/ovs-node`), and a
/// `scnet agent` process working in that namespace (`--netns`) while it reaches the embedded
/// API on loopback. Everything is stopped by its own pid files and the namespace deleted.
final class NodeUnderTest: Sendable {
    let name: String
    let netns: String
    let directory: URL
    private let agentArguments: [String]
    private let running: Locked<Kubectl.Running?>
    var agent: Kubectl.Running { running.withLock { $0! } }
    var socket: String { directory.appendingPathComponent("cni.sock").path }
    var netnsPath: String { "/run/netns/\(netns)" }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built executable `name` (`scnet`, `scnet-cni`) next to the test bundle.
    static func binary(_ name: String) -> String {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    private init(name: String, netns: String, directory: URL, agentArguments: [String]) {
        self.name = name
        self.netns = netns
        self.directory = directory
        self.agentArguments = agentArguments
        running = Locked(nil)
    }

    /// Starts the node: namespace, OVS + ovn-controller, then the agent (which registers the
    /// chassis and the Node object); returns once the agent's socket answers.
    static func start(
        name: String, southbound: String, kubeconfig: String, under parent: URL,
        gateway: Bool = false, bridgeMappings: [String] = [], encapIP: String = "127.0.0.2", extraAgentArguments: [String] = []
    ) async throws -> NodeUnderTest {
        let netns = "scnt-\(UUID().uuidString.prefix(6).lowercased())"
        let directory = parent.appendingPathComponent("node-\(name)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = try runTool(["ip", "netns", "add", netns])
        _ = try runTool(["ip", "-n", netns, "link", "set", "lo", "up"])
        // SB allows one chassis per (encap type, ip): nodes of a test (and any stand-in chassis
        // on 127.0.0.1) need tunnel endpoints of their own.
        var environment = ["SCNET_OVN_SB": southbound, "SCNET_NODE_NAME": name, "SCNET_NODE_NETNS": netns, "SCNET_ENCAP_IP": encapIP,
                           "SCNET_GATEWAY_CHASSIS": gateway ? "true" : "false"]
        if !bridgeMappings.isEmpty { environment["SCNET_BRIDGE_MAPPINGS"] = bridgeMappings.joined(separator: ",") }
        let up = try await runToolAsync([repositoryRoot.appendingPathComponent("scripts/ovs-node").path, "up", directory.path],
                                        environment: environment, timeout: .seconds(120))
        guard up.status == 0 else {
            _ = try? runTool([repositoryRoot.appendingPathComponent("scripts/ovs-node").path, "down", directory.path], environment: environment)
            _ = try? runTool(["ip", "netns", "del", netns])
            throw SandboxFailure(message: "ovs-node up failed (\(up.status)): \(up.output.suffix(3000))")
        }
        var arguments = [binary("scnet"), "agent", "--kubeconfig", kubeconfig, "--node-name", name,
                         "--ovs-db", "unix:\(directory.path)/db.sock", "--socket", directory.appendingPathComponent("cni.sock").path,
                         "--netns", "/run/netns/\(netns)", "--southbound", southbound, "--encap-ip", encapIP, "--register-node",
                         "--annotation-timeout", "20", "--log-level", "info"]
        if gateway { arguments.append("--gateway") }
        for mapping in bridgeMappings { arguments += ["--bridge-mapping", mapping] }
        let node = NodeUnderTest(name: name, netns: netns, directory: directory, agentArguments: arguments + extraAgentArguments)
        do {
            try await node.startAgent()
        } catch {
            node.stop()
            throw error
        }
        return node
    }

    /// Starts the agent process; returns once its CNI socket answers.
    func startAgent() async throws {
        try? FileManager.default.removeItem(atPath: socket)
        let agent = try Kubectl.spawn(agentArguments, workDir: directory)
        running.withLock { $0 = agent }
        let listening = await eventually(timeout: .seconds(30), interval: .milliseconds(50)) {
            FileManager.default.fileExists(atPath: self.socket) || agent.exitStatus() != nil
        }
        guard listening, agent.exitStatus() == nil else {
            throw SandboxFailure(message: "scnet agent did not start: \(agent.stderr.suffix(3000))")
        }
    }

    /// Kills the agent (as a crash would) and waits until it is gone.
    func killAgent() async {
        guard let agent = running.withLock({ $0 }) else { return }
        kill(agent.pid, SIGKILL)
        _ = await eventually(timeout: .seconds(10), interval: .milliseconds(20)) { agent.exitStatus() != nil }
    }

    /// `ip netns exec <node> …` — a command on the node's host.
    @discardableResult
    func exec(_ arguments: [String]) throws -> String {
        try runTool(["ip", "netns", "exec", netns] + arguments).output
    }

    /// Stops the agent, the node's daemons, and deletes its namespace.
    func stop() {
        running.withLock { $0?.stop() }
        _ = try? runTool([Self.repositoryRoot.appendingPathComponent("scripts/ovs-node").path, "down", directory.path],
                         environment: ["SCNET_NODE_NETNS": netns])
        _ = try? runTool(["ip", "netns", "del", netns])
    }
}
