import Agent
import Foundation
import Kube
import KubeLite
import Logging
import ServiceLifecycle
import Spawn

/// The local node of `scnet up`, once the embedded API listens: the agent (chassis, CNI socket,
/// host access to every VPC), the CNI configuration for a runtime (`DIR/cni/net.d`, the plugin
/// in `DIR/cni/bin`), and — unless another runtime plugs pods — the pod runtime stand-in.
/// On shutdown every pod it plugged is unplugged before the agent stops.
struct LocalNode: Service {
    let api: KubeLiteServer
    let settings: LocalStack.NodeSettings
    let ovsDatabase: String
    let southbound: String
    let directory: URL
    let runsPods: Bool
    let logger: Logger

    var socket: String { directory.appendingPathComponent("cni.sock").path }

    func run() async throws {
        _ = await api.port()
        let kube = try KubeClient(config: try KubeConfig.load(kubeconfig: api.kubeconfigPath.path), logger: logger)
        let configuration = AgentConfiguration(
            nodeName: settings.name, ovsDatabase: ovsDatabase, socketPath: socket,
            chassis: .init(systemID: settings.name, southbound: southbound, bridgeMappings: ["physnet1": "br-ex"], gatewayCapable: true),
            registerNode: true, hostNetns: settings.netns.map { "/run/netns/\($0)" })
        let agent = try Agent(configuration: configuration, kube: kube, logger: logger)
        let plugin = try installPlugin()
        let standIn = PodRuntimeStandIn(
            kube: kube, nodeName: settings.name, hostIP: "127.0.0.1", plugin: plugin, config: pluginConfig, logger: logger)
        // The agent runs apart from the graceful shutdown: it must outlive the unplugging of the pods.
        let agentTask = Task.detached { try await agent.run() }
        let runsPods = self.runsPods
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await agentTask.value
                    } catch where agentTask.isCancelled {}
                }
                group.addTask {
                    if runsPods {
                        await agent.waitUntilListening()
                        await cancelWhenGracefulShutdown { await standIn.run() }
                        self.logger.info("unplugging the pods of the local node")
                        await standIn.stop()
                    } else {
                        try? await gracefulShutdown()
                    }
                    agentTask.cancel()
                }
                try await group.waitForAll()
            }
        } catch {
            agentTask.cancel()
            try? await kube.shutdown()
            throw error
        }
        try? await kube.shutdown()
    }

    /// The plugin's configuration, as a `.conflist` entry names it.
    var pluginConfig: String {
        #"{"cniVersion":"1.0.0","name":"scnet","type":"scnet-cni","agentSocket":"\#(socket)"}"#
    }

    /// Copies `scnet-cni` (built next to `scnet`) to `DIR/cni/bin` and writes `DIR/cni/net.d/10-scnet.conflist`.
    func installPlugin() throws -> String {
        let bin = directory.appendingPathComponent("cni/bin"), netd = directory.appendingPathComponent("cni/net.d")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: netd, withIntermediateDirectories: true)
        let built = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("scnet-cni")
        guard FileManager.default.isExecutableFile(atPath: built.path) else {
            throw UpError.missing("scnet-cni is not built next to scnet (\(built.path)): run `swift build` first")
        }
        let target = bin.appendingPathComponent("scnet-cni")
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: built, to: target)
        let conflist = """
            {
              "cniVersion": "1.0.0",
              "name": "scnet",
              "plugins": [
                {"type": "scnet-cni", "agentSocket": "\(socket)"},
                {"type": "portmap", "capabilities": {"portMappings": true}}
              ]
            }

            """
        try conflist.write(to: netd.appendingPathComponent("10-scnet.conflist"), atomically: true, encoding: .utf8)
        return target.path
    }

    /// Creates the network namespace `name` unless it exists; true when it was created.
    static func ensureNamespace(_ name: String) throws -> Bool {
        guard !FileManager.default.fileExists(atPath: "/run/netns/\(name)") else { return false }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-netns-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: log) }
        let status = try ChildProcess.start(["/usr/sbin/ip", "netns", "add", name], stdout: log.path, stderr: nil).waitBlocking()
        guard status == 0 else { throw UpError.missing("ip netns add \(name): \((try? String(contentsOf: log, encoding: .utf8)) ?? "")") }
        return true
    }

    /// Deletes the network namespace `name` (one `scnet up` created).
    static func removeNamespace(_ name: String) {
        _ = try? ChildProcess.start(["/usr/sbin/ip", "netns", "del", name], stdout: "/dev/null", stderr: nil).waitBlocking()
    }
}
