import Agent
import Foundation
import Kube
import KubeLite
import Logging
import OVN
import OVSDB
import SCNetAPI
import ServiceLifecycle
import Spawn

// The `cni` suite: 200 sequential, then 200 concurrent (16 at a time) CNI ADD + DEL through the
// real `scnet-cni` binary on a running agent, on a real node (OVS userspace datapath +
// ovn-controller in a namespace of its own, scripts/ovs-node) and a real OVN. ADD is measured
// until it returns, i.e. until ovn-controller marked the port installed. The pods are annotated
// and their logical ports made in NB beforehand (the controller's part is not measured here).
// In the same run, `scripts/cni-shell-recipe` plugs pods by shell commands as the notes do:
// the baseline.

private let sequentialCount = 200
private let concurrentCount = 200
private let concurrency = 16

func runCNIBenchmarks() async throws {
    let scripts = URL(fileURLWithPath: ProcessInfo.processInfo.environment["SCNET_SCRIPTS"] ?? "scripts")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-bench-cni-\(UUID().uuidString.prefix(8))")
    let ovnDir = directory.appendingPathComponent("ovn"), nodeDir = directory.appendingPathComponent("node")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let netns = "scnb\(UUID().uuidString.prefix(6).lowercased())"
    let plugin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("scnet-cni").path
    guard FileManager.default.isExecutableFile(atPath: plugin) else { throw BenchError("scnet-cni is not built next to scnet-bench (\(plugin))") }
    defer {
        _ = try? spawnAndWait(scripts.appendingPathComponent("ovs-node").path, ["down", nodeDir.path])
        _ = try? spawnAndWait("/usr/sbin/ip", ["netns", "del", netns])
        _ = try? spawnAndWait(scripts.appendingPathComponent("ovn-sandbox").path, ["down", ovnDir.path])
        try? FileManager.default.removeItem(at: directory)
    }
    let ovn = try spawnAndWait(scripts.appendingPathComponent("ovn-sandbox").path, ["up", ovnDir.path])
    guard ovn.code == 0 else { throw BenchError("ovn-sandbox up failed: \(ovn.err)") }
    let env = try EnvironmentFile.read(ovnDir.appendingPathComponent("env"))
    guard let nb = env["SCNET_OVN_NB"], let sb = env["SCNET_OVN_SB"] else { throw BenchError("ovn-sandbox env incomplete") }
    _ = try spawnAndWait("/usr/sbin/ip", ["netns", "add", netns])
    var nodeEnvironment = ProcessInfo.processInfo.environment
    nodeEnvironment.merge(["SCNET_OVN_SB": sb, "SCNET_NODE_NAME": "bench-node", "SCNET_NODE_NETNS": netns, "SCNET_GATEWAY_CHASSIS": "false"]) { _, b in b }
    let node = try spawnAndWait(scripts.appendingPathComponent("ovs-node").path, ["up", nodeDir.path], environment: nodeEnvironment)
    guard node.code == 0 else { throw BenchError("ovs-node up failed: \(node.err)") }

    // The baseline first, on the same node.
    var recipeEnvironment = nodeEnvironment
    recipeEnvironment["SCNET_OVN_NB"] = nb
    let recipe = try spawnAndWait(scripts.appendingPathComponent("cni-shell-recipe").path, ["50", nodeDir.path], environment: recipeEnvironment)
    if recipe.code == 0, let line = recipe.out.split(separator: "\n").last,
       let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
        if let p50 = object["shell_recipe.add_p50_ms"] as? Double { report("cni.shell_recipe.add_p50_ms", p50, unit: "ms") }
        if let p99 = object["shell_recipe.add_p99_ms"] as? Double { report("cni.shell_recipe.add_p99_ms", p99, unit: "ms") }
    } else {
        printError("scnet-bench cni: the shell recipe failed: \(recipe.err.suffix(500))")
    }

    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    let api = try await KubeLiteServer(KubeLiteConfiguration(dataDirectory: directory.appendingPathComponent("api")), logger: logger)
    let services = ServiceGroup(services: [api], gracefulShutdownSignals: [], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        _ = await api.port()
        let kube = try KubeClient(config: try KubeConfig.load(kubeconfig: api.kubeconfigPath.path), logger: logger)
        do {
            try await measure(kube: kube, northbound: nb, nodeDir: nodeDir, netns: netns, plugin: plugin, directory: directory, logger: logger)
        } catch {
            try? await kube.shutdown()
            await services.triggerGracefulShutdown()
            throw error
        }
        try? await kube.shutdown()
        await services.triggerGracefulShutdown()
        try await group.waitForAll()
    }
}

private func measure(kube: KubeClient, northbound nb: String, nodeDir: URL, netns: String, plugin: String, directory: URL,
                     logger: Logger) async throws {
        let pods = try await preparePods(count: sequentialCount + concurrentCount, kube: kube, northbound: nb)
        let socket = directory.appendingPathComponent("cni.sock").path
        let agent = try Agent(configuration: AgentConfiguration(
            nodeName: "bench-node", ovsDatabase: "unix:\(nodeDir.path)/db.sock", socketPath: socket, hostInterface: nil, registerNode: true,
            hostNetns: "/run/netns/\(netns)"), kube: kube, logger: logger)
        let agentTask = Task { try await agent.run() }
        defer { agentTask.cancel() }
        await agent.waitUntilListening()
        let config = #"{"cniVersion":"1.0.0","name":"scnet","type":"scnet-cni","agentSocket":"\#(socket)"}"#
        let runner = PluginRunner(plugin: plugin, config: config, directory: directory)
        let sandboxes = try pods.map { pod -> String in
            let name = "scnbp\(pod)"
            _ = try spawnAndWait("/usr/sbin/ip", ["netns", "add", name])
            return name
        }
        defer { for name in sandboxes { _ = try? spawnAndWait("/usr/sbin/ip", ["netns", "del", name]) } }

        var all: [PluginRunner.Sample] = []
        for (label, threads, batch) in [("sequential", 1, Array(zip(pods, sandboxes).prefix(sequentialCount))),
                                        ("concurrent", concurrency, Array(zip(pods, sandboxes).dropFirst(sequentialCount)))] {
            let cpuBefore = ProcessCPU.snapshot(), pluginBefore = ChildrenCPU.seconds(), started = monotonicSeconds()
            let samples = try await onThreads(threads, batch) { try runner.cycle(pod: $0.0, netns: $0.1) }
            let wall = monotonicSeconds() - started
            let cpu = ProcessCPU.snapshot().since(cpuBefore), plugin = ChildrenCPU.seconds() - pluginBefore
            all += samples
            report("cni.\(label).add_p50_ms", percentile(samples.map(\.add), 0.50), unit: "ms")
            report("cni.\(label).add_p99_ms", percentile(samples.map(\.add), 0.99), unit: "ms")
            report("cni.\(label).del_p50_ms", percentile(samples.map(\.delete), 0.50), unit: "ms")
            report("cni.\(label).cycles_per_s", Double(samples.count) / wall, unit: "ADD+DEL/s")
            // Where the CPU of one ADD + DEL cycle goes: the node's daemons, this process (the
            // agent and the embedded API) and the plugin processes it ran.
            report("cni.\(label).cpu_ms_per_cycle.scnet-cni", plugin * 1000 / Double(samples.count), unit: "ms")
            for (command, seconds) in cpu.sorted(by: { $0.value > $1.value }) where seconds * 1000 / Double(samples.count) >= 0.1 {
                report("cni.\(label).cpu_ms_per_cycle.\(command)", seconds * 1000 / Double(samples.count), unit: "ms")
            }
            // What OVS and OVN alone cost per cycle, and the mean ADD + DEL time that leaves at
            // this concurrency on this machine's cores even if scnet cost nothing (Little's law:
            // in flight / throughput, with throughput at most cores / CPU per cycle).
            let peers = ["ovs-vswitchd", "ovn-controller", "ovsdb-server", "ovn-northd"].reduce(0) { $0 + (cpu[$1] ?? 0) }
            let peersPerCycle = peers * 1000 / Double(samples.count)
            let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
            report("cni.\(label).peers_cpu_ms_per_cycle", peersPerCycle, unit: "ms")
            if threads > 1 { report("cni.\(label).peers_floor_cycle_ms", Double(threads) * peersPerCycle / cores, unit: "ms") }
            report("cni.\(label).cycle_mean_ms", samples.map { $0.add + $0.delete }.reduce(0, +) / Double(samples.count), unit: "ms")
        }
        report("cni.add_p50_ms", percentile(all.map(\.add), 0.50), unit: "ms")
        report("cni.add_p99_ms", percentile(all.map(\.add), 0.99), unit: "ms")
        report("cni.del_p50_ms", percentile(all.map(\.delete), 0.50), unit: "ms")
        agentTask.cancel()
        _ = await agentTask.result
}

/// Pods `p<i>` in namespace `bench`, annotated as the controller would, with their logical
/// switch ports in NB. Returns the pod names' indexes as strings.
private func preparePods(count: Int, kube: KubeClient, northbound: String) async throws -> [String] {
    let client = OVSDBClient(remotes: try Remote.parseList(northbound), database: "OVN_Northbound")
    let task = Task { try await client.run() }
    defer { task.cancel() }
    try await client.waitUntilReady()
    _ = try await client.transact(NorthboundOperations.createSwitch("bench", otherConfig: ["subnet": "10.251.0.0/16"]))
    var names: [String] = []
    _ = try await kube.create(Namespace(metadata: ObjectMeta(name: "bench")))
    for i in 0..<count {
        let ip = "10.251.\(1 + i / 250).\(1 + i % 250)", mac = String(format: "0a:58:0a:fb:%02x:%02x", 1 + i / 250, 1 + i % 250)
        _ = try await client.transact(NorthboundOperations.addSwitchPort("bench", name: "p\(i).bench", addresses: ["\(mac) \(ip)"]))
        names.append(String(i))
        _ = try await kube.create(Pod(metadata: ObjectMeta(name: "p\(i)", namespace: "bench", annotations: [
            Annotation.allocated: "true", Annotation.ipAddress: ip, Annotation.macAddress: mac,
            Annotation.cidr: "10.251.0.0/16", Annotation.gateway: "10.251.0.254", Annotation.logicalSwitch: "bench",
        ])))
    }
    return names
}

/// Runs the plugin as a runtime does, timing each call on the calling (dedicated) thread.
private struct PluginRunner: Sendable {
    let plugin: String
    let config: String
    let directory: URL

    struct Sample: Sendable {
        var add: Double
        var delete: Double
    }

    func cycle(pod: String, netns: String) throws -> Sample {
        let add = try call("ADD", pod: pod, netns: netns)
        let delete = try call("DEL", pod: pod, netns: netns)
        return Sample(add: add, delete: delete)
    }

    private func call(_ command: String, pod: String, netns: String) throws -> Double {
        let input = directory.appendingPathComponent("in-\(pod)"), output = directory.appendingPathComponent("out-\(pod)-\(command)")
        try config.write(to: input, atomically: true, encoding: .utf8)
        let environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": "bench-\(pod)", "CNI_NETNS": "/run/netns/\(netns)", "CNI_IFNAME": "eth0",
            "CNI_ARGS": "IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME=p\(pod)", "CNI_PATH": "/usr/lib/cni",
        ]
        let started = monotonicSeconds()
        let status = try ChildProcess.start([plugin], environment: environment, stdin: input.path, stdout: output.path, stderr: nil).waitBlocking()
        let elapsed = (monotonicSeconds() - started) * 1000
        guard status == 0 else {
            throw BenchError("CNI \(command) p\(pod) failed: \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
        }
        return elapsed
    }
}

/// Runs `work` over `items` on `threads` dedicated threads (blocking waits stay off Swift's
/// cooperative pool, which the in-process agent and API need).
private func onThreads<Item: Sendable, Result: Sendable>(
    _ threads: Int, _ items: [Item], _ work: @escaping @Sendable (Item) throws -> Result
) async throws -> [Result] {
    let results = LockedResults<Result>()
    let next = LockedResults<Int>()
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                while let index = next.claim(below: items.count) {
                    do { results.append(try work(items[index])) } catch { results.fail(error); return }
                }
            }
        }
        group.notify(queue: .global()) {
            if let error = results.error { continuation.resume(throwing: error) } else { continuation.resume() }
        }
    }
    return results.values
}

private final class LockedResults<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value] = []
    private var counter = 0
    private(set) var error: (any Error)?

    func append(_ value: Value) { lock.withLock { storage.append(value) } }
    func fail(_ error: any Error) { lock.withLock { self.error = self.error ?? error } }
    var values: [Value] { lock.withLock { storage } }
    /// Hands out 0, 1, 2, … below `limit` (nil when done or after a failure).
    func claim(below limit: Int) -> Int? {
        lock.withLock {
            guard error == nil, counter < limit else { return nil }
            defer { counter += 1 }
            return counter
        }
    }
}

private func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return -1 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}
