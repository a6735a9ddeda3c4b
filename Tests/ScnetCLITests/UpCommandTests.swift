import Foundation
import Spawn
import TestSupport
import Testing

/// `scnet up` as a user runs it: everything starts, `kubectl` works against it, pods really get
/// a network on the local node, the doctor diagnoses broken pods there, and Ctrl-C stops every
/// daemon it started and removes every namespace and interface it made. The local node runs in
/// a network namespace of the test's own (`--node-netns`), so the test leaves the host alone.
@Suite("scnet up", .serialized)
struct UpCommandTests {
    @Test("scnet up serves kubectl, plugs pods that then ping each other, the doctor names each broken pod's cause, Ctrl-C stops everything", .timeLimit(.minutes(5)))
    func upDoctorAndStop() async throws {
        await NeutronSandboxGate.shared.acquire()
        defer { Task { await NeutronSandboxGate.shared.release() } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-up-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let nodeNetns = "scntup\(UUID().uuidString.prefix(6).lowercased())"
        defer { _ = try? runTool(["ip", "netns", "del", nodeNetns]) }
        let up = try Kubectl.spawn(
            [CommandRunner.scnetBinary.path, "up", "--data-dir", dir.path, "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0",
             "--node-netns", nodeNetns, "--node-name", "up-node"],
            env: ["SCNET_SCRIPTS": CommandRunner.repositoryRoot.appendingPathComponent("scripts").path], workDir: dir)
        var stopped = false
        defer { if !stopped { up.stop(); _ = try? runTool([OVNSandbox.repositoryRoot.appendingPathComponent("scripts/neutron-sandbox").path, "down", dir.appendingPathComponent("neutron").path]); _ = try? runTool([OVNSandbox.script, "down", dir.appendingPathComponent("ovn").path]); _ = try? runTool([CommandRunner.repositoryRoot.appendingPathComponent("scripts/ovs-node").path, "down", dir.appendingPathComponent("node").path]) } }

        let envFile = dir.appendingPathComponent("env")
        let ready = await eventually(timeout: .seconds(120), interval: .milliseconds(200)) {
            FileManager.default.fileExists(atPath: envFile.path) || up.exitStatus() != nil
        }
        try #require(ready && up.exitStatus() == nil, "scnet up did not come up: \(up.stdout)\n\(up.stderr)")
        let env = try EnvironmentFile.read(envFile)
        for key in ["KUBECONFIG", "SCNET_OVN_NB", "SCNET_OVN_SB", "SCNET_NEUTRON_URL"] { #expect(env[key] != nil, "DIR/env lacks \(key)") }
        let kubectl = Kubectl(kubeconfig: env["KUBECONFIG"] ?? "", cacheDir: dir.appendingPathComponent("cache").path, workDir: dir)
        let applied = try await kubectl("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {managed.es.io/resource: namespace}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: outside}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: good, namespace: shop}
            spec: {containers: [{name: c, image: busybox}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: portless, namespace: shop}
            spec: {containers: [{name: c, image: busybox}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: lost, namespace: shop, annotations: {ovn.kubernetes.io/logical_switch: nosuch}}
            spec: {containers: [{name: c, image: busybox}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: stray, namespace: outside}
            spec: {containers: [{name: c, image: busybox}]}
            """)
        #expect(applied.status == 0, "\(applied)")
        // The pool sync records the four pool FIPs one by one, each Fip's status just after it:
        // wait until all four are listed Available.
        var fips = try await kubectl("get", "fips")
        let pooled = try await eventually(timeout: .seconds(30), interval: .milliseconds(200)) {
            fips = try await kubectl("get", "fips")
            return fips.stdout.split(separator: "\n").filter { $0.contains("Available") }.count == 4
        }
        #expect(pooled, "the demo pool is not listed as four Available Fips: \(fips)")
        // Wait for the controller, then break one pod's port behind its back.
        let annotated = try await eventually(timeout: .seconds(30), interval: .milliseconds(200)) {
            let out = try await kubectl("get", "pods", "-n", "shop", "-o", "jsonpath={.items[*].metadata.annotations.ovn\\.kubernetes\\.io/allocated}")
            return out.stdout.split(separator: " ").count == 2
        }
        #expect(annotated)
        let nb = env["SCNET_OVN_NB"] ?? ""
        _ = try runTool(["ovn-nbctl", "--db=\(nb)", "lsp-del", "portless.shop"])

        func doctor(_ pod: String) throws -> CommandRunner.Output {
            try CommandRunner.run(["doctor", "pod", pod, "--env", envFile.path, "--timeout", "5"])
        }
        let good = try doctor("shop/good")
        #expect(good.stdout.contains("port") && !good.stdout.contains("FAIL  port"), "\(good.stdout)")
        let lost = try doctor("shop/lost")
        #expect(lost.status == 1 && lost.stdout.contains("nosuch"), "\(lost.stdout)")
        // The controller restores the deleted port (convergence); once it is back in NB the doctor
        // finds it again. (The doctor's diagnosis of a missing port, which the controller would
        // race here, is checked without a controller in DoctorNetworkIntegrationTests.)
        let restored = try await eventually(timeout: .seconds(30), interval: .milliseconds(200)) {
            try runTool(["ovn-nbctl", "--db=\(nb)", "--bare", "--columns=name", "find", "Logical_Switch_Port", "name=portless.shop"])
                .output.contains("portless.shop")
        }
        #expect(restored, "the controller did not restore portless.shop")
        let portless = try doctor("shop/portless")
        #expect(portless.stdout.contains("port") && !portless.stdout.contains("FAIL  port"), "\(portless.stdout)")
        let stray = try doctor("outside/stray")
        #expect(stray.stdout.contains("does not handle"), "\(stray.stdout)")

        // The newcomer's path: `kubectl run` → Running with an IP, reachable from another pod's
        // namespace; deleting it removes its namespace, veth and OVS port.
        let run = try await kubectl("run", "web", "-n", "shop", "--image=busybox")
        #expect(run.status == 0, "\(run)")
        var webIP = ""
        let running = try await eventually(timeout: .seconds(60), interval: .milliseconds(200)) {
            let out = try await kubectl("get", "pod", "web", "-n", "shop", "-o", "jsonpath={.status.phase} {.status.podIP}")
            let parts = out.stdout.split(separator: " ")
            webIP = parts.count == 2 ? String(parts[1]) : ""
            return parts.first == "Running" && !webIP.isEmpty
        }
        #expect(running, "pod web never Running with an IP")
        #expect(FileManager.default.fileExists(atPath: "/run/netns/scnet-shop-good"), "pod good has no network namespace")
        let pinged = try await eventually(timeout: .seconds(20), interval: .milliseconds(300)) {
            try runTool(["ip", "netns", "exec", "scnet-shop-good", "ping", "-n", "-c", "1", "-W", "1", webIP]).status == 0
        }
        #expect(pinged, "shop/good cannot ping shop/web at \(webIP)")
        // The doctor sees the real attachment of a plugged pod: chassis, ovn-installed, veth, a gateway ping.
        let plugged = try doctor("shop/good")
        for check in ["binding", "ovn-installed", "veth", "gateway-ping"] {
            #expect(plugged.stdout.contains("ok    \(check)"), "doctor on a plugged pod, \(check): \(plugged.stdout)")
        }
        // For another container runtime: the plugin and its network configuration.
        #expect(FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("cni/bin/scnet-cni").path))
        let conflist = (try? String(contentsOf: dir.appendingPathComponent("cni/net.d/10-scnet.conflist"), encoding: .utf8)) ?? ""
        #expect(conflist.contains("\"scnet-cni\"") && conflist.contains(dir.appendingPathComponent("cni.sock").path), "\(conflist)")
        let nodeDB = "unix:\(dir.path)/node/db.sock"
        func ovsPorts() throws -> String {
            try runTool(["ip", "netns", "exec", nodeNetns, "ovs-vsctl", "--db=\(nodeDB)", "--format=csv", "--columns=name,external_ids", "list", "Interface"]).output
        }
        let portsWhileRunning = try ovsPorts()
        #expect(portsWhileRunning.contains("shop/web"), "no OVS port for shop/web: \(portsWhileRunning)")
        _ = try await kubectl("delete", "pod", "web", "-n", "shop")
        let unplugged = try await eventually(timeout: .seconds(30), interval: .milliseconds(200)) {
            let ports = try ovsPorts()
            return !FileManager.default.fileExists(atPath: "/run/netns/scnet-shop-web") && !ports.contains("shop/web")
        }
        let portsAfter = try ovsPorts()
        #expect(unplugged, "pod web's namespace or OVS port is left: \(portsAfter)")

        // Ctrl-C: a clean exit, and no daemon of DIR left.
        kill(up.pid, SIGINT)
        let exited = await eventually(timeout: .seconds(60), interval: .milliseconds(200)) { up.exitStatus() != nil }
        stopped = exited
        #expect(exited && up.exitStatus() == 0, "scnet up exit: \(String(describing: up.exitStatus()))\n\(up.stderr.suffix(2000))")
        let namespaces = try runTool(["ip", "netns", "list"]).output
        #expect(!namespaces.contains("scnet-shop-") && !namespaces.contains(nodeNetns), "namespaces left: \(namespaces)")
        for pidFile in ["ovn/nb.pid", "ovn/sb.pid", "ovn/northd.pid", "neutron/neutron.pid", "node/ovs-vswitchd.pid",
                        "node/ovsdb-server.pid", "node/ovn-controller.pid"] {
            let path = dir.appendingPathComponent(pidFile).path
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                #expect(kill(pid, 0) != 0, "\(pidFile) (pid \(pid)) still runs")
            }
        }
    }
}
