import CNI
import Foundation
import Kube
import Logging
import SCNetAPI
import Spawn

/// The network part of a kubelet, for the single-machine mode (which has none): every pod
/// scheduled to this node, or not scheduled at all, gets a network namespace
/// `scnet-<namespace>-<name>` plugged through `scnet-cni` exactly as a runtime calls it (the
/// `.conflist` in `DIR/cni/net.d`); its `podIP(s)`, `hostIP` and phase `Running` are then
/// written. A deleted pod is unplugged (DEL) and its namespace removed; `stop()` unplugs all.
actor PodRuntimeStandIn {
    let kube: KubeClient
    let nodeName: String
    let hostIP: String
    let plugin: String
    let config: String
    let logger: Logger
    /// Pods plugged by this process: key → sandbox.
    private var plugged: [String: Sandbox] = [:]
    private var failures: [String: Int] = [:]
    /// Pods (by UID) seen deleted: a plug racing their deletion is undone.
    private var deletedUIDs: Set<String> = []
    private var stopped = false

    struct Sandbox: Sendable {
        var namespace: String
        var name: String
        var netns: String
        var containerID: String
    }

    init(kube: KubeClient, nodeName: String, hostIP: String, plugin: String, config: String, logger: Logger) {
        self.kube = kube
        self.nodeName = nodeName
        self.hostIP = hostIP
        self.plugin = plugin
        self.config = config
        self.logger = logger
    }

    /// Follows the pods until cancelled.
    func run() async {
        let pods = Informer<Pod>(client: kube)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await pods.run() }
            group.addTask {
                for await delta in pods.deltas {
                    guard let pod = delta.object else { continue }
                    let key = "\(pod.metadata.namespace ?? "default")/\(pod.metadata.name)"
                    // Each pod on its own task: one waiting for its annotations (up to the agent's
                    // deadline) must not hold up the others.
                    if case .deleted = delta {
                        Task { await self.deleted(pod, key: key) }
                    } else {
                        Task { await self.ensure(pod) }
                    }
                }
            }
            group.addTask {
                // Pods whose ADD failed (not annotated yet, say) are tried again.
                while !Task.isCancelled {
                    do { try await Task.sleep(for: .seconds(5)) } catch { return }
                    for pod in await pods.objects() where await self.needsRetry(pod) { Task { await self.ensure(pod) } }
                }
            }
        }
    }

    private func needsRetry(_ pod: Pod) -> Bool {
        failures["\(pod.metadata.namespace ?? "default")/\(pod.metadata.name)"] != nil
    }

    private func ensure(_ pod: Pod) async {
        let namespace = pod.metadata.namespace ?? "default"
        let key = "\(namespace)/\(pod.metadata.name)"
        guard !pod.hostNetwork, pod.metadata.deletionTimestamp == nil, pod.nodeName == nil || pod.nodeName == nodeName,
              pod.phase != "Succeeded", pod.phase != "Failed"
        else {
            if pod.metadata.deletionTimestamp != nil { await deleted(pod, key: key) }
            return
        }
        guard !stopped, plugged[key] == nil, !deletedUIDs.contains(pod.metadata.uid ?? "") else { return }
        let sandbox = Sandbox(namespace: namespace, name: pod.metadata.name, netns: Self.netnsName(namespace: namespace, name: pod.metadata.name),
                              containerID: Self.containerID(pod))
        plugged[key] = sandbox  // claimed: a concurrent delta does not plug twice
        do {
            try await Self.ip(["netns", "add", sandbox.netns], allowExisting: true)
            try await Self.ip(["-n", sandbox.netns, "link", "set", "lo", "up"])
            let outcome = try await call("ADD", sandbox)
            guard outcome.success else { throw UpError.missing(outcome.output) }
            // Deleted (or unclaimed by an unplug) while it was being plugged: undo it here.
            if stopped || plugged[key] == nil || deletedUIDs.contains(pod.metadata.uid ?? "") {
                _ = try? await call("DEL", sandbox)
                try? await Self.ip(["netns", "del", sandbox.netns])
                plugged[key] = nil
                return
            }
            let addresses = Self.addresses(fromResult: outcome.output)
            do {
                try await writeStatus(pod, addresses: addresses)
            } catch {
                _ = try? await call("DEL", sandbox)  // plugged, but not reported: start over next time
                throw error
            }
            failures[key] = nil
            logger.info("pod plugged", metadata: ["pod": "\(key)", "netns": "\(sandbox.netns)", "ip": "\(addresses.joined(separator: ","))"])
        } catch {
            // Nothing half-made stays: the namespace is made again on the next try.
            try? await Self.ip(["netns", "del", sandbox.netns])
            plugged[key] = nil
            if stopped { return }
            let count = (failures[key] ?? 0) + 1
            failures[key] = count
            if count == 1 || count % 12 == 0 {
                logger.warning("pod not plugged yet", metadata: ["pod": "\(key)", "error": "\(error)"])
                await event(pod, "\(error)")
            }
        }
    }

    private func deleted(_ pod: Pod, key: String) async {
        if let uid = pod.metadata.uid { deletedUIDs.insert(uid) }
        await unplug(key)
    }

    private func unplug(_ key: String) async {
        failures[key] = nil
        guard let sandbox = plugged.removeValue(forKey: key) else { return }
        do {
            let outcome = try await call("DEL", sandbox)
            if !outcome.success { logger.warning("CNI DEL failed", metadata: ["pod": "\(key)", "error": "\(outcome.output)"]) }
        } catch {
            logger.warning("CNI DEL failed", metadata: ["pod": "\(key)", "error": "\(error)"])
        }
        try? await Self.ip(["netns", "del", sandbox.netns])
        logger.info("pod unplugged", metadata: ["pod": "\(key)"])
    }

    /// Unplugs every pod this process plugged (on the way out); pods still being plugged are
    /// undone when their ADD ends.
    func stop() async {
        stopped = true
        for key in plugged.keys { await unplug(key) }
    }

    // MARK: - The plugin, as a runtime runs it

    private func call(_ command: String, _ sandbox: Sandbox) async throws -> CNIResponse {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-cni-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in"), output = directory.appendingPathComponent("out")
        try config.write(to: input, atomically: true, encoding: .utf8)
        let environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": sandbox.containerID, "CNI_NETNS": "/run/netns/\(sandbox.netns)",
            "CNI_IFNAME": "eth0", "CNI_PATH": (plugin as NSString).deletingLastPathComponent + ":/usr/lib/cni",
            "CNI_ARGS": "IgnoreUnknown=1;K8S_POD_NAMESPACE=\(sandbox.namespace);K8S_POD_NAME=\(sandbox.name);K8S_POD_INFRA_CONTAINER_ID=\(sandbox.containerID)",
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        let child = try ChildProcess.start([plugin], environment: environment, stdin: input.path, stdout: output.path, stderr: nil)
        let status = await child.wait(timeout: .seconds(120)) ?? 124
        return CNIResponse(success: status == 0, output: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    private func writeStatus(_ pod: Pod, addresses: [String]) async throws {
        let podIPs: [JSONValue] = addresses.map { ["ip": .string($0)] }
        let patch: JSONValue = ["status": [
            "phase": "Running", "hostIP": .string(hostIP), "hostIPs": [["ip": .string(hostIP)]],
            "podIP": addresses.first.map(JSONValue.string) ?? .null, "podIPs": .array(podIPs),
        ]]
        _ = try await kube.patchStatus(Pod.self, name: pod.metadata.name, namespace: pod.metadata.namespace, .merge(patch))
    }

    private func event(_ pod: Pod, _ message: String) async {
        _ = try? await kube.record(reason: "FailedCreatePodSandBox", message: "scnet-cni ADD: \(message)", type: .warning, on: pod)
    }

    // MARK: - Helpers

    /// `scnet-<namespace>-<name>`.
    static func netnsName(namespace: String, name: String) -> String { "scnet-\(namespace)-\(name)" }

    /// A stable container ID per pod object (its UID when it has one).
    static func containerID(_ pod: Pod) -> String {
        let base = pod.metadata.uid ?? "\(pod.metadata.namespace ?? "default")-\(pod.metadata.name)"
        return "scnet-" + base.filter { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    static func addresses(fromResult text: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let ips = object["ips"] as? [[String: Any]]
        else { return [] }
        return ips.compactMap { ($0["address"] as? String)?.split(separator: "/").first.map(String.init) }
    }

    static func ip(_ arguments: [String], allowExisting: Bool = false) async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-ip-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: log) }
        let status = await (try ChildProcess.start(["/usr/sbin/ip"] + arguments, stdout: log.path, stderr: nil)).wait(timeout: .seconds(10)) ?? 124
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if status != 0 && !(allowExisting && output.contains("File exists")) {
            throw UpError.missing("ip \(arguments.joined(separator: " ")): \(output)")
        }
    }
}
