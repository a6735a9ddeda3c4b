import Foundation
import Spawn
import TestSupport
import Testing

/// `scnet up` as a user runs it: everything starts, `kubectl` works against it, the doctor
/// diagnoses broken pods there, and Ctrl-C stops every daemon it started.
@Suite("scnet up", .serialized)
struct UpCommandTests {
    @Test("scnet up serves kubectl, the doctor names each broken pod's cause, Ctrl-C stops everything", .timeLimit(.minutes(4)))
    func upDoctorAndStop() async throws {
        await NeutronSandboxGate.shared.acquire()
        defer { Task { await NeutronSandboxGate.shared.release() } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-up-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let up = try Kubectl.spawn(
            [CommandRunner.scnetBinary.path, "up", "--data-dir", dir.path, "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0"],
            env: ["SCNET_SCRIPTS": CommandRunner.repositoryRoot.appendingPathComponent("scripts").path], workDir: dir)
        var stopped = false
        defer { if !stopped { up.stop(); _ = try? runTool([OVNSandbox.repositoryRoot.appendingPathComponent("scripts/neutron-sandbox").path, "down", dir.appendingPathComponent("neutron").path]); _ = try? runTool([OVNSandbox.script, "down", dir.appendingPathComponent("ovn").path]) } }

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

        // Ctrl-C: a clean exit, and no daemon of DIR left.
        kill(up.pid, SIGINT)
        let exited = await eventually(timeout: .seconds(60), interval: .milliseconds(200)) { up.exitStatus() != nil }
        stopped = exited
        #expect(exited && up.exitStatus() == 0, "scnet up exit: \(String(describing: up.exitStatus()))\n\(up.stderr.suffix(2000))")
        for pidFile in ["ovn/nb.pid", "ovn/sb.pid", "ovn/northd.pid", "neutron/neutron.pid"] {
            let path = dir.appendingPathComponent(pidFile).path
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                #expect(kill(pid, 0) != 0, "\(pidFile) (pid \(pid)) still runs")
            }
        }
    }
}
