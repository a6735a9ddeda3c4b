import Doctor
import Foundation
import Spawn

/// A private containerd started by scripts/containerd-sandbox in a temp dir, with helpers to
/// run and break tasks through its own `ctr`. `stop()` takes down the daemon, every shim it
/// started and their mounts.
struct ContainerdSandbox {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let directory: String
    let address: String
    let image: String
    let runcRoot: String

    static func start() throws -> ContainerdSandbox {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-containerd-\(UUID().uuidString.prefix(8))").path
        let up = try Subprocess.runBlocking(script, ["up", directory], timeout: 300)
        guard up.status == 0 else {
            throw SubprocessError(message: "containerd-sandbox up failed (\(up.status)): \(up.output)")
        }
        let env = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        let values = EnvironmentFile.parse(env)
        guard let address = values["SCNET_CONTAINERD_ADDRESS"], let image = values["SCNET_CONTAINERD_IMAGE"],
            let runcRoot = values["SCNET_CONTAINERD_RUNC_ROOT"]
        else { throw SubprocessError(message: "containerd-sandbox wrote an incomplete env: \(env)") }
        return ContainerdSandbox(directory: directory, address: address, image: image, runcRoot: runcRoot)
    }

    static var script: String { repositoryRoot.appendingPathComponent("scripts/containerd-sandbox").path }

    func stop() {
        _ = try? Subprocess.runBlocking(Self.script, ["down", directory], timeout: 60)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `ctr -n k8s.io run -d IMAGE ID /bin/busybox sleep 1000`.
    func runTask(_ id: String) throws {
        let result = try ctr(["run", "-d", "--null-io", "--runc-root", runcRoot, image, id, "/bin/busybox", "sleep", "1000"])
        guard result.status == 0 else { throw SubprocessError(message: "ctr run \(id) failed: \(result.output)") }
    }

    func ctr(_ arguments: [String], timeout: Double = 30) throws -> Subprocess.Result {
        try Subprocess.runBlocking("ctr", ["--address", address, "-n", "k8s.io"] + arguments, timeout: timeout)
    }

    /// The shim serving task `id`, found the way the doctor finds it.
    func shim(_ id: String) -> ShimProcess? {
        ProcessTable().shim(namespace: "k8s.io", id: id, address: address)
    }
}

/// The built `scnet` executable (SwiftPM puts it next to the test bundle).
enum ScnetBinary {
    static var path: String {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("scnet").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return ContainerdSandbox.repositoryRoot.appendingPathComponent(".build/debug/scnet").path
    }

    static func run(_ arguments: [String], timeout: Double = 60) async throws -> Subprocess.Result {
        try Subprocess.runBlocking(path, arguments, timeout: timeout)
    }
}
