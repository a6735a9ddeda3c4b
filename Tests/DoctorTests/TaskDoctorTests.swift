import Synchronization
import Testing

@testable import Doctor

/// A containerd stand-in that behaves like the real one around a hung shim: the task stays
/// UNKNOWN until its shim is killed, then disappears; calls are recorded.
final class RecordingContainerd: ContainerdTaskAPI, Sendable {
    let address = "/fake/containerd.sock"
    let namespace = "k8s.io"
    struct State {
        var tasks: [String: TaskStatus]
        var containers: [String: ContainerRecord]
        var calls: [String] = []
        var killedShims: Set<Int32> = []
    }
    let state: Mutex<State>
    /// Task id → shim pid, for the kill to take effect.
    let shimOf: [String: Int32]

    init(tasks: [String: TaskStatus], shimOf: [String: Int32]) {
        var containers: [String: ContainerRecord] = [:]
        for id in tasks.keys { containers[id] = ContainerRecord(id: id, snapshotter: "overlayfs", snapshotKey: id) }
        state = Mutex(State(tasks: tasks, containers: containers))
        self.shimOf = shimOf
    }

    func kill(pid: Int32) {
        state.withLock { state in
            state.killedShims.insert(pid)
            for (id, shim) in shimOf where shim == pid { state.tasks[id] = nil }
        }
    }

    func listTasks() async throws -> [TaskProcess] {
        state.withLock { state in
            state.calls.append("List")
            return state.tasks.sorted { $0.key < $1.key }.map { TaskProcess(id: $0.key, status: $0.value) }
        }
    }
    func task(_ id: String) async throws -> TaskProcess? {
        state.withLock { state in
            state.calls.append("Get \(id)")
            return state.tasks[id].map { TaskProcess(id: id, status: $0) }
        }
    }
    func deleteTask(_ id: String) async throws -> Bool {
        state.withLock { state in
            state.calls.append("Delete \(id)")
            return state.tasks.removeValue(forKey: id) != nil
        }
    }
    func container(_ id: String) async throws -> ContainerRecord? {
        state.withLock { $0.containers[id] }
    }
    func deleteContainer(_ id: String) async throws -> Bool {
        state.withLock { state in
            state.calls.append("DeleteContainer \(id)")
            return state.containers.removeValue(forKey: id) != nil
        }
    }
    func removeSnapshot(snapshotter: String, key: String) async throws -> Bool {
        state.withLock { state in
            state.calls.append("RemoveSnapshot \(key)")
            return true
        }
    }
}

/// What the doctor said, line by line.
final class Lines: Sendable {
    let value = Mutex<[String]>([])
}

struct FixedShims: ShimLocator {
    let shims: [String: ShimProcess]
    func shim(namespace: String, id: String, address: String) -> ShimProcess? { shims[id] }
    func shimSockets(pid: Int32) -> [String] { [] }
}

@Suite("task doctor on a recording containerd")
struct TaskDoctorTests {
    static func doctor(_ api: RecordingContainerd, shims: [String: ShimProcess], lines: Lines) -> TaskDoctor<RecordingContainerd> {
        TaskDoctor(
            api: api, shims: FixedShims(shims: shims), waitLimit: .milliseconds(200), pollInterval: .milliseconds(5),
            sendSignal: { pid, _ in api.kill(pid: pid); return 0 },
            say: { line in lines.value.withLock { $0.append(line) } })
    }

    static func stoppedShim(_ id: String, _ pid: Int32) -> ShimProcess {
        ShimProcess(pid: pid, namespace: "k8s.io", id: id, address: "/fake/containerd.sock", state: "T")
    }

    @Test("only UNKNOWN tasks are reported, with their reason, and nothing is changed without --fix")
    func reportOnly() async throws {
        let api = RecordingContainerd(tasks: ["t1": .running, "t2": .unknown, "t3": .unknown], shimOf: ["t2": 20, "t3": 30])
        let lines = Lines()
        let report = try await Self.doctor(api, shims: ["t2": Self.stoppedShim("t2", 20), "t3": Self.stoppedShim("t3", 30)], lines: lines)
            .run(fix: false)
        #expect(report.found.map(\.id) == ["t2", "t3"])
        #expect(report.remaining == ["t2", "t3"])
        #expect(!report.isHealthy)
        #expect(api.state.withLock { $0.calls } == ["List"])
        #expect(lines.value.withLock { $0.first } == "UNKNOWN t2 (namespace k8s.io): its shim (pid 20) is stopped (state T) and cannot answer containerd")
    }

    @Test("--fix kills exactly the hung shims, removes their records, leaves the healthy task, and confirms")
    func fix() async throws {
        let api = RecordingContainerd(tasks: ["t1": .running, "t2": .unknown, "t3": .unknown], shimOf: ["t1": 10, "t2": 20, "t3": 30])
        let lines = Lines()
        let report = try await Self.doctor(api, shims: ["t2": Self.stoppedShim("t2", 20), "t3": Self.stoppedShim("t3", 30)], lines: lines)
            .run(fix: true)
        #expect(report.isHealthy)
        #expect(report.outcomes == ["t2": .cleaned, "t3": .cleaned])
        let state = api.state.withLock { $0 }
        #expect(state.killedShims == [20, 30])
        #expect(state.tasks == ["t1": .running])
        #expect(Set(state.containers.keys) == ["t1"])
        #expect(!state.calls.contains { $0.hasSuffix("t1") }, "the healthy task is never touched: \(state.calls)")
        #expect(!state.calls.contains("Delete t2"), "no Tasks.Delete needed once the shim is dead")
        #expect(state.calls.last == "List")
    }

    @Test("a task containerd keeps listing is deleted explicitly; one that stays is reported as not fixed")
    func stubbornTask() async throws {
        // No shim to kill and the fake never drops the task by itself: Tasks.Delete removes it.
        let api = RecordingContainerd(tasks: ["t4": .unknown], shimOf: [:])
        let lines = Lines()
        let report = try await Self.doctor(api, shims: [:], lines: lines).run(fix: true)
        #expect(report.found == [UnknownTask(id: "t4", reason: .shimGone)])
        #expect(report.isHealthy)
        #expect(api.state.withLock { $0.calls }.contains("Delete t4"))
    }
}
