import Controller
import Foundation
import Spawn
import Kube
import KubeLite
import Logging
import Neutron
import OVN
import OVSDB
import SCNetAPI
import ServiceLifecycle
import Synchronization

/// `scnet-bench controller`: 5 000 pods created through the embedded API against a controller
/// on a real OVN and Neutron (started by `scripts/neutron-sandbox`); per pod, the time from its
/// create request until it is annotated *and* its logical port is in NB.
func runControllerBenchmarks() async throws {
    let count = Int(ProcessInfo.processInfo.environment["SCNET_BENCH_PODS"] ?? "") ?? 5000
    let scripts = URL(fileURLWithPath: ProcessInfo.processInfo.environment["SCNET_SCRIPTS"] ?? "scripts")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-bench-ctl-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let neutronDir = directory.appendingPathComponent("neutron")
    let up = try spawnAndWait(scripts.appendingPathComponent("neutron-sandbox").path, ["up", neutronDir.path],
                              environment: ProcessInfo.processInfo.environment.merging(["SCNET_SANDBOX_WATCH_PID": String(getpid())]) { _, b in b })
    guard up.code == 0 else { throw BenchFailure(text: "neutron-sandbox up failed: \(up.err)") }
    defer {
        _ = try? spawnAndWait(scripts.appendingPathComponent("neutron-sandbox").path, ["down", neutronDir.path])
        try? FileManager.default.removeItem(at: directory)
    }
    let env = try EnvironmentFile.read(neutronDir.appendingPathComponent("env"))
    guard let neutronURL = env["SCNET_NEUTRON_URL"], let nb = env["SCNET_OVN_NB"], let sb = env["SCNET_OVN_SB"] else {
        throw BenchFailure(text: "sandbox env incomplete: \(env)")
    }

    let http = NeutronClient.makeHTTPClient()
    let neutron = NeutronClient(configuration: NeutronConfiguration(authentication: .noauth(endpoint: neutronURL, projectID: "bench")), httpClient: http)
    let external = try await neutron.createNetwork(NetworkCreate(
        name: "ext", routerExternal: true, providerNetworkType: "flat", providerPhysicalNetwork: "physnet1"))
    _ = try await neutron.createSubnet(SubnetCreate(
        networkID: external.id, cidr: "172.24.4.0/24", name: "ext-v4",
        allocationPools: [AllocationPool(start: "172.24.4.10", end: "172.24.4.200")], enableDHCP: false))
    let router = try await neutron.createRouter(RouterCreate(name: "bench", externalGatewayInfo: ExternalGatewayInfo(networkID: external.id)))

    // First, the same number of ports with no scnet at all: what the peers cost by themselves
    // (removed again before the controller's round, so both start from an empty NB).
    if ProcessInfo.processInfo.environment["SCNET_BENCH_PEERS_FLOOR"] != "0" {
        try await measurePeersFloor(count: count, northbound: nb)
    }

    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    let api = try await KubeLiteServer(KubeLiteConfiguration(dataDirectory: directory.appendingPathComponent("api")), logger: logger)
    let services = ServiceGroup(services: [api], gracefulShutdownSignals: [], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        _ = await api.port()
        let kube = try KubeClient(config: try KubeConfig.load(kubeconfig: api.kubeconfigPath.path), logger: logger)
        let controller = Controller(
            configuration: ControllerConfiguration(
                northbound: nb, southbound: sb,
                defaultNetwork: .init(neutronRouter: router.id, externalNetworkID: external.id, cidrBlock: "10.16.0.0/16")),
            kube: kube, neutron: neutron, logger: logger)
        let controllerTask = Task { try await controller.run() }
        await controller.waitUntilReady()
        // The benchmark's own client: its creates must not queue behind the controller's requests.
        let clients = try KubeClient(config: try KubeConfig.load(kubeconfig: api.kubeconfigPath.path), logger: logger)
        // With SCNET_BENCH_PAUSE_NEUTRON=1 a second round (another namespace, as many pods again)
        // runs with neutron-server stopped (SIGSTOP) for the pods' phase, as when Neutron runs
        // on other nodes. (It then also has twice the objects, so it is not a clean A/B.)
        var rounds = [("controller", false)]
        switch ProcessInfo.processInfo.environment["SCNET_BENCH_PAUSE_NEUTRON"] {
        case "1": rounds.append(("controller.neutron_paused", true))
        case "only": rounds = [("controller.neutron_paused", true)]
        default: break
        }
        for (prefix, pauseNeutron) in rounds {
            let namespace = pauseNeutron ? "bench2" : "bench"
            _ = try await kube.create(Namespace(metadata: ObjectMeta(name: namespace, labels: [Label.managedResource: Label.managedResourceNamespace])))
            let neutronGroup = pauseNeutron ? neutronProcessGroup(neutronDir) : nil
            if let neutronGroup { kill(-neutronGroup, SIGSTOP) }
            let latencies: PodLatencies
            let cpuBefore = ProcessCPU.snapshot()
            do {
                latencies = try await measurePods(count: count, namespace: namespace, prefix: prefix, kube: clients, northbound: nb, logger: logger)
            } catch {
                if let neutronGroup { kill(-neutronGroup, SIGCONT) }
                throw error
            }
            let cpu = ProcessCPU.snapshot().since(cpuBefore)
            if let neutronGroup { kill(-neutronGroup, SIGCONT) }
            report("\(prefix).pods", Double(count), unit: "pods")
            report("\(prefix).pods_per_s", latencies.throughput, unit: "pods/s")
            report("\(prefix).p50_ms", latencies.percentile(0.50) * 1000, unit: "ms")
            report("\(prefix).p99_ms", latencies.percentile(0.99) * 1000, unit: "ms")
            report("\(prefix).max_ms", latencies.percentile(1.0) * 1000, unit: "ms")
            // Where the CPU went while the pods were created (this process is the embedded API,
            // the controller and the benchmark's own clients together).
            for (command, seconds) in cpu.sorted(by: { $0.value > $1.value }) where seconds * 1000 / Double(count) >= 0.05 {
                report("\(prefix).cpu_ms_per_pod.\(command)", seconds * 1000 / Double(count), unit: "ms")
            }
        }
        try? await clients.shutdown()

        controllerTask.cancel()
        _ = await controllerTask.result
        try? await kube.shutdown()
        await services.triggerGracefulShutdown()
        try await group.waitForAll()
    }
    try await http.shutdown()
}

/// The process group of the sandbox's neutron-server (its pid file names the group leader).
func neutronProcessGroup(_ directory: URL) -> pid_t? {
    guard let text = try? String(contentsOf: directory.appendingPathComponent("neutron.pid"), encoding: .utf8) else { return nil }
    return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
}

/// Per-pod create → ready latencies and the overall rate.
struct PodLatencies {
    var seconds: [Double]
    var throughput: Double

    /// The nearest-rank percentile (`p` in 0…1).
    func percentile(_ p: Double) -> Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((Double(sorted.count) * p).rounded(.up))
        return sorted[min(max(rank - 1, 0), sorted.count - 1)]
    }
}

/// Creates `count` pods (16 at a time) and watches the API and NB until each is annotated and
/// has its port.
func measurePods(
    count: Int, namespace: String, prefix: String, kube: KubeClient, northbound: String, logger: Logger
) async throws -> PodLatencies {
    let created = BenchLocked([String: Double]())
    let annotated = BenchLocked([String: Double]())
    let ported = BenchLocked([String: Double]())
    let nb = OVSDBClient(remotes: try Remote.parseList(northbound), database: "OVN_Northbound",
                         monitoring: ["Logical_Switch_Port": ["name"]])
    let informer = Informer<PodMetadata>(client: kube, namespace: namespace)
    let suffix = "." + namespace
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await nb.run() }
        group.addTask { await informer.run() }
        group.addTask {
            for await event in nb.events {
                guard case .changes(let changes) = event else { continue }
                let now = monotonicSeconds()
                for case .inserted(_, _, let row) in changes {
                    if let name = row["name"]?.single?.stringValue, name.hasSuffix(suffix) {
                        ported.withLock { $0[String(name.dropLast(suffix.count))] = now }
                    }
                }
            }
        }
        group.addTask {
            for await delta in informer.deltas {
                guard let pod = delta.object, pod.metadata.annotations[Annotation.allocated] == "true" else { continue }
                let now = monotonicSeconds()
                annotated.withLock { if $0[pod.metadata.name] == nil { $0[pod.metadata.name] = now } }
            }
        }
        try await nb.waitUntilReady()
        await informer.waitUntilSynced()
        let start = monotonicSeconds()
        try await withThrowingTaskGroup(of: Void.self) { creators in
            for worker in 0..<16 {
                creators.addTask {
                    for i in stride(from: worker, to: count, by: 16) {
                        let name = "pod-\(i)"
                        created.withLock { $0[name] = monotonicSeconds() }
                        _ = try await kube.create(Pod(metadata: ObjectMeta(name: name, namespace: namespace),
                                                     spec: ["containers": [["name": "c", "image": "busybox"]]]))
                    }
                }
            }
            try await creators.waitForAll()
        }
        let createRate = Double(count) / (monotonicSeconds() - start)
        report("\(prefix).api_creates_per_s", createRate, unit: "pods/s")
        let deadline = monotonicSeconds() + 600
        while monotonicSeconds() < deadline {
            let done = annotated.withLock { $0.count } >= count && ported.withLock { $0.count } >= count
            if done { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        group.cancelAll()
        let c = created.withLock { $0 }, a = annotated.withLock { $0 }, p = ported.withLock { $0 }
        guard a.count >= count, p.count >= count else {
            throw BenchFailure(text: "only \(a.count) pods annotated and \(p.count) ports after 600 s")
        }
        var latencies: [Double] = []
        var last = 0.0
        for (name, t0) in c {
            let ready = max(a[name] ?? .infinity, p[name] ?? .infinity)
            latencies.append(ready - t0)
            last = max(last, ready)
        }
        return PodLatencies(seconds: latencies, throughput: Double(count) / (last - start))
    }
}

/// A pod as the benchmark's watcher reads it: metadata only. The watcher is measurement, not
/// the system under test, so it skips decoding the pods' specs.
struct PodMetadata: KubeResource {
    static let apiVersion = Pod.apiVersion
    static let kind = Pod.kind
    static let plural = Pod.plural
    static let isNamespaced = true
    var metadata: ObjectMeta
}

/// A value behind a lock, shared by the benchmark's watchers.
final class BenchLocked<Value: Sendable>: Sendable {
    private let state: Mutex<Value>
    init(_ value: Value) { state = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout sending Value) -> sending R) -> R { state.withLock(body) }
}
