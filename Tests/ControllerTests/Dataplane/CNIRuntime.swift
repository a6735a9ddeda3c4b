import Foundation
import Spawn
import TestSupport

/// A container runtime's network part, as libcni drives a plugin: runs the `scnet-cni` binary
/// with the `CNI_*` environment and the network configuration on stdin, and reads its stdout
/// and exit status. Pods are network namespaces of the test's own (`scntp…`).
struct CNIRuntime: Sendable {
    let node: NodeUnderTest
    var cniVersion = "1.0.0"

    struct Outcome: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] }
        var description: String { "exit \(status): \(stdout)" }
        /// The CNI error's `msg` ("" when there is none).
        var message: String { (json?["msg"] as? String) ?? "" }
    }

    var config: String {
        #"{"cniVersion":"\#(cniVersion)","name":"scnet","type":"scnet-cni","agentSocket":"\#(node.socket)"}"#
    }

    /// Runs the plugin once with `command` for the pod `namespace/name` in `netns` (a path).
    func call(_ command: String, containerID: String, netns: String, namespace: String, name: String,
              ifName: String = "eth0", config: String? = nil) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-cni-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in"), output = directory.appendingPathComponent("out")
        try (config ?? self.config).write(to: input, atomically: true, encoding: .utf8)
        let environment = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": containerID, "CNI_NETNS": netns, "CNI_IFNAME": ifName,
            "CNI_ARGS": "IgnoreUnknown=1;K8S_POD_NAMESPACE=\(namespace);K8S_POD_NAME=\(name);K8S_POD_INFRA_CONTAINER_ID=\(containerID)",
            "CNI_PATH": "/usr/lib/cni", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        let child = try ChildProcess.start([NodeUnderTest.binary("scnet-cni")], environment: environment,
                                           stdin: input.path, stdout: output.path, stderr: nil)
        let status = await child.wait(timeout: .seconds(120)) ?? 124
        return Outcome(status: status, stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}

/// A pod's network namespace, made by the test (as a runtime makes a sandbox's).
struct PodSandbox: Sendable {
    let name: String
    let containerID: String
    var path: String { "/run/netns/\(name)" }

    static func make() throws -> PodSandbox {
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let sandbox = PodSandbox(name: "scntp\(id.prefix(8))", containerID: id)
        _ = try runTool(["ip", "netns", "add", sandbox.name])
        _ = try runTool(["ip", "-n", sandbox.name, "link", "set", "lo", "up"])
        return sandbox
    }

    /// `ip netns exec <pod> …`; returns status and output.
    @discardableResult
    func exec(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runTool(["ip", "netns", "exec", name] + arguments)
    }

    /// One ping to `address` (numeric, 1 s), true when answered.
    func pings(_ address: String) throws -> Bool { try exec(["ping", "-n", "-c", "1", "-W", "1", address]).status == 0 }

    func delete() { _ = try? runTool(["ip", "netns", "del", name]) }
}
