import Foundation
import Spawn
import TestSupport

/// A `.conflist` run as libcni runs it: ADD through the plugins in order, each given the previous
/// plugin's result as `prevResult` (and the list's `name` and `cniVersion`); DEL in reverse order
/// with the final result. The standard plugins run in the node's namespace (the runtime's).
struct CNIChain: Sendable {
    let runtime: CNIRuntime
    let plugins: [String]
    var name = "scnet-chain"
    var cniVersion = "1.0.0"

    func config(_ plugin: String, prevResult: String?) -> String {
        var object = (try? JSONSerialization.jsonObject(with: Data(plugin.utf8))) as? [String: Any] ?? [:]
        object["name"] = name
        object["cniVersion"] = cniVersion
        if let prevResult, let previous = try? JSONSerialization.jsonObject(with: Data(prevResult.utf8)) { object["prevResult"] = previous }
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    func add(pod: PodSandbox, namespace: String, name podName: String) async throws -> [CNIRuntime.Outcome] {
        var outcomes: [CNIRuntime.Outcome] = []
        var previous: String?
        for plugin in plugins {
            let outcome = try await run(plugin, "ADD", pod: pod, namespace: namespace, name: podName, prevResult: previous)
            outcomes.append(outcome)
            guard outcome.status == 0 else { break }
            previous = outcome.stdout
        }
        return outcomes
    }

    func delete(pod: PodSandbox, namespace: String, name podName: String, prevResult: String) async throws -> [CNIRuntime.Outcome] {
        var outcomes: [CNIRuntime.Outcome] = []
        for plugin in plugins.reversed() {
            outcomes.append(try await run(plugin, "DEL", pod: pod, namespace: namespace, name: podName, prevResult: prevResult))
        }
        return outcomes
    }

    private func run(_ plugin: String, _ command: String, pod: PodSandbox, namespace: String, name podName: String,
                     prevResult: String?) async throws -> CNIRuntime.Outcome {
        let type = ((try? JSONSerialization.jsonObject(with: Data(plugin.utf8))) as? [String: Any])?["type"] as? String ?? ""
        if type == "scnet-cni" {
            return try await runtime.call(command, containerID: pod.containerID, netns: pod.path, namespace: namespace, name: podName,
                                          config: config(plugin, prevResult: command == "DEL" ? prevResult : nil))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-chain-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in"), output = directory.appendingPathComponent("out")
        try config(plugin, prevResult: prevResult).write(to: input, atomically: true, encoding: .utf8)
        let environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": pod.containerID, "CNI_NETNS": pod.path, "CNI_IFNAME": "eth0",
            "CNI_ARGS": "IgnoreUnknown=1;K8S_POD_NAMESPACE=\(namespace);K8S_POD_NAME=\(podName)", "CNI_PATH": "/usr/lib/cni",
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        let child = try ChildProcess.start(["/usr/sbin/ip", "netns", "exec", runtime.node.netns, "/usr/lib/cni/\(type)"],
                                           environment: environment, stdin: input.path, stdout: output.path, stderr: nil)
        let status = await child.wait(timeout: .seconds(60)) ?? 124
        return CNIRuntime.Outcome(status: status, stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
