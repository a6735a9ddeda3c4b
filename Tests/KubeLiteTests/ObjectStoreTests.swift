import Foundation
import Testing
@testable import KubeLite
import SCNetAPI

private func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }
private let subnets = ServedResource.find(group: "kubeovn.io", plural: "subnets")!
private let pods = ServedResource.find(group: "", plural: "pods")!

private func subnet(_ name: String, _ cidr: String, extra: String = "") throws -> JSONValue {
    try json(#"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"\#(name)"\#(extra)},"spec":{"cidrBlock":"\#(cidr)"}}"#)
}

/// Collects the first `count` events of a stream, or fewer if none arrive within `timeout`.
private func take(_ count: Int, from stream: AsyncStream<WatchEvent>, timeout: Duration = .seconds(5)) async -> [WatchEvent] {
    await withTaskGroup(of: [WatchEvent].self) { group in
        group.addTask {
            var out: [WatchEvent] = []
            for await e in stream {
                out.append(e)
                if out.count == count { break }
            }
            return out
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return []
        }
        var best: [WatchEvent] = []
        for await r in group {
            best = r
            group.cancelAll()
            break
        }
        return best
    }
}

@Suite("object store semantics", .timeLimit(.minutes(1)))
struct ObjectStoreTests {
    @Test("create sets uid, creationTimestamp, generation 1, a new resourceVersion and SCNetAPI defaults")
    func createDefaults() async throws {
        let store = try await ObjectStore(directory: nil)
        let before = await store.revision
        let o = try await store.create(subnets, namespace: nil, body: try subnet("s1", "10.1.0.0/24"))
        #expect(o.meta("uid")?.isEmpty == false)
        #expect(o.meta("creationTimestamp") != nil)
        #expect(o["metadata"]?["generation"] == .number(1))
        #expect(o.meta("resourceVersion") == String(before + 1))
        #expect(o["spec"]?["gateway"] == .string("10.1.0.1"), "Kube-OVN default gateway applied")
        #expect(o["spec"]?["protocol"] == .string("IPv4"))
    }

    @Test("admission refuses a bad CIDR naming the field, and an overlapping subnet")
    func admissionRefuses() async throws {
        let store = try await ObjectStore(directory: nil)
        await #expect(throws: KubeLiteError.self) { try await store.create(subnets, namespace: nil, body: try subnet("bad", "10.1.0.0/33")) }
        do {
            _ = try await store.create(subnets, namespace: nil, body: try subnet("bad", "10.1.0.0/33"))
        } catch let KubeLiteError.invalid(_, name, violations) {
            #expect(name == "bad")
            #expect(violations.contains { $0.field == "spec.cidrBlock" })
        }
        _ = try await store.create(subnets, namespace: nil, body: try subnet("a", "10.2.0.0/16"))
        await #expect(throws: KubeLiteError.self) { try await store.create(subnets, namespace: nil, body: try subnet("b", "10.2.1.0/24")) }
    }

    @Test("a namespaced object needs its namespace")
    func namespaceRequired() async throws {
        let store = try await ObjectStore(directory: nil)
        try await store.ensureBuiltInNamespaces()
        let pod = try json(#"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#)
        await #expect(throws: KubeLiteError.namespaceNotFound("nowhere")) { try await store.create(pods, namespace: "nowhere", body: pod) }
        let stored = try await store.create(pods, namespace: "default", body: pod)
        #expect(stored.meta("namespace") == "default")
    }

    @Test("update with a stale resourceVersion is a conflict; a spec change bumps generation")
    func conflictAndGeneration() async throws {
        let store = try await ObjectStore(directory: nil)
        let o = try await store.create(subnets, namespace: nil, body: try subnet("s", "10.3.0.0/24"))
        var changed = o
        changed.set(["spec", "natOutgoing"], .bool(true))
        let updated = try await store.update(subnets, namespace: nil, name: "s", body: changed)
        #expect(updated["metadata"]?["generation"] == .number(2))
        await #expect(throws: KubeLiteError.conflict(subnets, name: "s")) { try await store.update(subnets, namespace: nil, name: "s", body: changed) }
        var labelled = updated
        labelled.set(["metadata", "labels"], .object(["a": .string("b")]))
        let relabelled = try await store.update(subnets, namespace: nil, name: "s", body: labelled)
        #expect(relabelled["metadata"]?["generation"] == .number(2), "metadata changes do not bump generation")
    }

    @Test("the status subresource changes only status; the main resource ignores status")
    func statusSubresource() async throws {
        let store = try await ObjectStore(directory: nil)
        var o = try await store.create(subnets, namespace: nil, body: try subnet("s", "10.4.0.0/24"))
        o.set(["status"], .object(["v4usingIPs": .number(3)]))
        o.set(["spec", "natOutgoing"], .bool(true))
        let viaStatus = try await store.update(subnets, namespace: nil, name: "s", body: o, subresource: .status)
        #expect(viaStatus["status"]?["v4usingIPs"] == .number(3))
        #expect(viaStatus["spec"]?["natOutgoing"] == .bool(false))
        var main = viaStatus
        main.set(["status", "v4usingIPs"], .number(9))
        let viaMain = try await store.update(subnets, namespace: nil, name: "s", body: main)
        #expect(viaMain["status"]?["v4usingIPs"] == .number(3))
    }

    @Test("delete with finalizers marks the object; removing the last finalizer deletes it")
    func finalizers() async throws {
        let store = try await ObjectStore(directory: nil)
        _ = try await store.create(subnets, namespace: nil, body: try subnet("s", "10.5.0.0/24", extra: #","finalizers":["scnet.io/x"]"#))
        let marked = try await store.delete(subnets, namespace: nil, name: "s")
        #expect(marked.meta("deletionTimestamp") != nil)
        #expect(await store.get(subnets, namespace: nil, name: "s") != nil)
        _ = try await store.patch(subnets, namespace: nil, name: "s") { try Patch.json(try json(#"[{"op":"remove","path":"/metadata/finalizers"}]"#), into: $0!) }
        #expect(await store.get(subnets, namespace: nil, name: "s") == nil)
    }

    @Test("a watch from N replays every later change in order; from 0 it starts with synthetic ADDED events")
    func watchReplay() async throws {
        let store = try await ObjectStore(directory: nil)
        let a = try await store.create(subnets, namespace: nil, body: try subnet("a", "10.6.0.0/24"))
        let rvA = Int64(a.meta("resourceVersion")!)!
        _ = try await store.create(subnets, namespace: nil, body: try subnet("b", "10.7.0.0/24"))
        _ = try await store.delete(subnets, namespace: nil, name: "a")
        let replay = await take(2, from: try await store.watch(subnets, filter: ObjectFilter(), from: rvA))
        #expect(replay.map(\.type) == [.added, .deleted])
        #expect(replay.map { $0.object.meta("name") } == ["b", "a"])
        #expect(replay[0].revision < replay[1].revision)
        let synthetic = await take(1, from: try await store.watch(subnets, filter: ObjectFilter(), from: 0))
        #expect(synthetic.first?.type == .added && synthetic.first?.object.meta("name") == "b")
    }

    @Test("a watch filtered by name sees only that object, and live changes arrive")
    func watchFilteredLive() async throws {
        let store = try await ObjectStore(directory: nil)
        let stream = try await store.watch(subnets, filter: ObjectFilter(fields: try FieldSelector("metadata.name=b")), from: await store.revision)
        _ = try await store.create(subnets, namespace: nil, body: try subnet("a", "10.8.0.0/24"))
        _ = try await store.create(subnets, namespace: nil, body: try subnet("b", "10.9.0.0/24"))
        let events = await take(1, from: stream)
        #expect(events.map { $0.object.meta("name") } == ["b"])
    }

    @Test("a torn last journal line (a crash mid-write) is skipped and everything before it is kept")
    func tornJournal() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let store = try await ObjectStore(directory: dir)
            _ = try await store.create(subnets, namespace: nil, body: try subnet("kept", "10.30.0.0/24"))
            await store.shutdown()
        }
        let journal = dir.appendingPathComponent("journal.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"rv":2,"type":"ADDED","gro"#.utf8))
        try handle.close()
        let reopened = try await ObjectStore(directory: dir)
        #expect(await reopened.get(subnets, namespace: nil, name: "kept") != nil)
        #expect(await reopened.revision == 1)
        _ = try await reopened.create(subnets, namespace: nil, body: try subnet("after", "10.31.0.0/24"))
        await reopened.shutdown()
        let again = try await ObjectStore(directory: dir)
        #expect(await again.list(subnets).items.compactMap { $0.meta("name") } == ["after", "kept"], "a write after the torn line is kept")
    }

    @Test("bookmarks go only to watches that allow them, at the current revision")
    func bookmarks() async throws {
        let store = try await ObjectStore(directory: nil)
        let plain = try await store.watch(subnets, filter: ObjectFilter(), from: await store.revision)
        let informer = try await store.watch(subnets, filter: ObjectFilter(), from: await store.revision, bookmark: true)
        _ = try await store.create(subnets, namespace: nil, body: try subnet("s", "10.20.0.0/24"))
        // The ADDED is delivered once the write is durable (a flush task): wait for it on both
        // watches before asking for bookmarks, so the order below does not depend on that task.
        #expect(await take(2, from: informer).map(\.type) == [.bookmark, .added])
        #expect(await take(1, from: plain).map(\.type) == [.added])
        await store.sendBookmarks()
        let bookmark = await take(1, from: informer)
        #expect(bookmark.map(\.type) == [.bookmark])
        #expect(bookmark.last?.object.meta("resourceVersion") == String(await store.revision))
        // The plain watch got nothing from sendBookmarks: a change made after it is the next event it sees.
        _ = try await store.create(subnets, namespace: nil, body: try subnet("t", "10.21.0.0/24"))
        #expect(await take(1, from: plain).map { "\($0.type.rawValue) \($0.object.meta("name") ?? "")" } == ["ADDED t"])
    }

    @Test("a watch from a resourceVersion older than the kept history is Expired (410)")
    func watchExpired() async throws {
        let store = try await ObjectStore(directory: nil, historyLimit: 2)
        for i in 0..<5 { _ = try await store.create(subnets, namespace: nil, body: try subnet("s\(i)", "10.10.\(i).0/24")) }
        await #expect(throws: KubeLiteError.self) { try await store.watch(subnets, filter: ObjectFilter(), from: 1) }
        let recent = await store.revision - 1
        _ = try await store.watch(subnets, filter: ObjectFilter(), from: recent)
    }

    @Test("objects and the revision counter survive reopening the data directory; watches resume across it")
    func persistence() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rv: Int64 = 0
        do {
            let store = try await ObjectStore(directory: dir)
            _ = try await store.create(subnets, namespace: nil, body: try subnet("kept", "10.11.0.0/24"))
            let gone = try await store.create(subnets, namespace: nil, body: try subnet("gone", "10.12.0.0/24"))
            rv = Int64(gone.meta("resourceVersion")!)!
            _ = try await store.delete(subnets, namespace: nil, name: "gone")
            await store.shutdown()
        }
        let reopened = try await ObjectStore(directory: dir, snapshotEvery: 0)
        #expect(await reopened.get(subnets, namespace: nil, name: "kept") != nil)
        #expect(await reopened.get(subnets, namespace: nil, name: "gone") == nil)
        #expect(await reopened.revision == rv + 1)
        let replay = await take(1, from: try await reopened.watch(subnets, filter: ObjectFilter(), from: rv))
        #expect(replay.first?.type == .deleted)
        let next = try await reopened.create(subnets, namespace: nil, body: try subnet("new", "10.13.0.0/24"))
        #expect(Int64(next.meta("resourceVersion")!)! == rv + 2)
        // Reopening after a snapshot (snapshotEvery 0 folded the journal) still has everything.
        let again = try await ObjectStore(directory: dir)
        #expect(await again.list(subnets).items.count == 2)
        #expect(await again.revision == rv + 2)
    }
}

@Suite("object store scale", .timeLimit(.minutes(1)))
struct ObjectStoreScaleTests {
    @Test("thousands of pods are admitted and stored without per-request decoding of every object")
    func thousandsOfPods() async throws {
        let dir = try TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await ObjectStore(directory: dir)
        try await store.ensureBuiltInNamespaces()
        let count = 3000
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            for i in 0..<count {
                let pod = try json(#"{"metadata":{"name":"p\#(i)","labels":{"app":"a\#(i % 10)"}},"spec":{"nodeName":"n\#(i % 4)","containers":[{"name":"c","image":"busybox"}]}}"#)
                _ = try await store.create(pods, namespace: "default", body: pod)
            }
        }
        let selected = await store.list(pods, filter: ObjectFilter(namespace: "default", labels: try LabelSelector("app=a3"), fields: try FieldSelector("spec.nodeName=n3")))
        #expect(selected.items.count == count / 20, "app=a3 and node n3 hold for i ≡ 3 (mod 20)")
        #expect(await store.count(pods) == count)
        let perSecond = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        print("kubelite.pod_create_per_second \(Int(perSecond)) (\(count) pods, journal fsync each)")
        #expect(perSecond > 100)
    }
}
