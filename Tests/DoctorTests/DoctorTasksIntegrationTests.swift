import Doctor
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `scnet doctor tasks` against a real containerd (scripts/containerd-sandbox): tasks made
/// UNKNOWN by stopping their shims are found and cleaned up, healthy ones are left alone.
@Suite("scnet doctor tasks on a real containerd", .serialized)
struct DoctorTasksIntegrationTests {
    @Test("two stopped shims are reported, --fix cleans them in seconds, the healthy task keeps running", .timeLimit(.minutes(3)))
    func unknownTasksFoundAndFixed() async throws {
        let sandbox = try ContainerdSandbox.start()
        defer { sandbox.stop() }
        for id in ["t1", "t2", "t3"] { try sandbox.runTask(id) }
        let healthyShim = try #require(sandbox.shim("t1"))
        var stopped: [String: Int32] = [:]
        var brokenSockets: [String] = []
        for id in ["t2", "t3"] {
            let shim = try #require(sandbox.shim(id))
            let sockets = ProcessTable().shimSockets(pid: shim.pid)
            #expect(sockets.count == 1, "shim \(id) listens on \(sockets)")
            brokenSockets += sockets
            #expect(kill(shim.pid, SIGSTOP) == 0)
            stopped[id] = shim.pid
        }
        // The shim stops asynchronously; wait until /proc says so.
        try await waitUntil("shims stopped", seconds: 5) { stopped.keys.allSatisfy { sandbox.shim($0)?.isStopped == true } }

        let found = try await ScnetBinary.run(["doctor", "tasks", "--address", sandbox.address, "--timeout", "20"], timeout: 60)
        #expect(found.status == 1, "\(found.output)")
        for id in ["t2", "t3"] {
            #expect(found.stdout.contains("UNKNOWN \(id) (namespace k8s.io): its shim (pid \(stopped[id]!)) is stopped (state T)"), "\(found.output)")
        }
        #expect(!found.stdout.contains("t1"), "\(found.output)")
        #expect(sandbox.shim("t2")?.isStopped == true, "without --fix nothing is touched")

        let fixed = try await ScnetBinary.run(["doctor", "tasks", "--fix", "--address", sandbox.address, "--timeout", "20"], timeout: 60)
        #expect(fixed.status == 0, "\(fixed.output)")
        #expect(fixed.stdout.contains("killed hung shim pid \(stopped["t2"]!) (SIGKILL)"), "\(fixed.output)")
        #expect(fixed.stdout.contains("ok: no UNKNOWN task remains in namespace k8s.io"), "\(fixed.output)")
        // "Within seconds": two tasks, each with a ~2 s State timeout inside containerd's List.
        #expect(fixed.seconds < 15, "--fix took \(fixed.seconds)s")
        print("doctor tasks --fix on 2 UNKNOWN tasks: \(fixed.seconds)s; report-only: \(found.seconds)s")

        // The healthy task, its shim and its record are untouched; the broken ones are gone.
        let client = try await ContainerdClient.connect(address: sandbox.address, namespace: "k8s.io", callTimeout: .seconds(10))
        let tasks = try await client.listTasks()
        let containers = try await client.containers()
        await client.close()
        #expect(tasks.map(\.id) == ["t1"])
        #expect(tasks.first?.status == .running)
        #expect(tasks.first?.pid != 0)
        #expect(containers.map(\.id) == ["t1"])
        #expect(sandbox.shim("t1")?.pid == healthyShim.pid)
        for id in ["t2", "t3"] { #expect(sandbox.shim(id) == nil, "shim of \(id) still there") }
        for socket in brokenSockets { #expect(!FileManager.default.fileExists(atPath: socket), "\(socket) left behind") }
        let listed = try sandbox.ctr(["tasks", "ls"], timeout: 10)
        #expect(listed.status == 0 && listed.stdout.contains("RUNNING") && !listed.stdout.contains("UNKNOWN"), "\(listed.output)")

        let again = try await ScnetBinary.run(["doctor", "tasks", "--fix", "--address", sandbox.address], timeout: 30)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("ok: no UNKNOWN task in namespace k8s.io"), "\(again.output)")
        #expect(!again.stdout.contains("killed"), "\(again.output)")
    }

    @Test("a socket nobody listens on exits 2 and names the socket", .timeLimit(.minutes(1)))
    func unreachable() async throws {
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent("no-containerd-\(UUID().uuidString.prefix(8)).sock").path
        let result = try await ScnetBinary.run(["doctor", "tasks", "--address", socket, "--timeout", "2"], timeout: 30)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("containerd at \(socket) cannot be reached"), "\(result.output)")
    }

    @Test("a daemon that accepts but never answers cannot hang the doctor: exit 2 at the deadline", .timeLimit(.minutes(1)))
    func silentDaemon() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("silent-\(UUID().uuidString.prefix(8)).sock").path
        let listener = try SilentListener(path: path)
        defer { listener.close() }
        let result = try await ScnetBinary.run(["doctor", "tasks", "--address", path, "--timeout", "1"], timeout: 30)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("containerd at \(path) did not answer /containerd.services.tasks.v1.Tasks/List within 1s"), "\(result.output)")
        #expect(result.seconds < 10, "took \(result.seconds)s")
    }
}

/// A unix socket that is listening (so connects succeed from the backlog) but never accepts.
struct SilentListener {
    let fd: Int32
    let path: String

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw SubprocessError(message: "cannot listen on \(path)") }
    }

    func close() {
        _ = Glibc.close(fd)
        unlink(path)
    }
}

/// Polls `condition` every 20 ms until it holds, failing after `seconds`.
func waitUntil(_ what: String, seconds: Double, _ condition: () throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while try !condition() {
        guard Date() < deadline else { throw SubprocessError(message: "timed out after \(seconds)s waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
