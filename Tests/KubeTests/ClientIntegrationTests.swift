import Foundation
import Kube
import SCNetAPI
import Testing

@Suite("KubeClient against an HTTP API server", .timeLimit(.minutes(1)))
struct ClientIntegrationTests {
    @Test("create, get, update, merge and JSON patch, status, delete round-trip typed objects")
    func crud() async throws {
        try await withClient { client, _ in
            var s = subnet("crud-a", rv: "")
            s.metadata.resourceVersion = nil
            s.metadata.uid = nil
            s.metadata.labels = ["team": "a"]
            s.spec.unknownFields["futureField"] = "kept"
            let created = try await client.create(s)
            #expect(created.metadata.uid != nil)
            #expect(created.metadata.resourceVersion != nil)
            #expect(created.spec.unknownFields["futureField"] == "kept")

            let read = try await client.get(Subnet.self, name: "crud-a")
            #expect(read == created)

            var changed = read
            changed.spec.cidrBlock = "10.9.0.0/24"
            let updated = try await client.update(changed)
            #expect(updated.spec.cidrBlock == "10.9.0.0/24")
            #expect(updated.metadata.resourceVersion != read.metadata.resourceVersion)

            // The stale copy is refused with a conflict.
            do {
                _ = try await client.update(read)
                Issue.record("a stale update was accepted")
            } catch let error as KubeError {
                #expect(error.isConflict, "\(error)")
            }

            let merged = try await client.patch(Subnet.self, name: "crud-a", .merge(["metadata": ["labels": ["team": "b"]]]))
            #expect(merged.metadata.labels["team"] == "b")
            let jsonPatched = try await client.patch(
                Subnet.self, name: "crud-a", .json([.init(op: "replace", path: "/spec/cidrBlock", value: "10.8.0.0/24")]))
            #expect(jsonPatched.spec.cidrBlock == "10.8.0.0/24")

            var withStatus = jsonPatched
            withStatus.status = SubnetStatus()
            withStatus.status?.conditions = [Condition(type: "Ready", status: true, reason: "Ok", message: "ready")]
            withStatus.spec.cidrBlock = "10.7.0.0/24"  // ignored by a status write
            let statusWritten = try await client.updateStatus(withStatus)
            #expect(statusWritten.status?.conditions[type: "Ready"]?.isTrue == true)
            #expect(statusWritten.spec.cidrBlock == "10.8.0.0/24")
            let statusPatched = try await client.patchStatus(
                Subnet.self, name: "crud-a", .merge(["status": ["v4availableIPs": 250]]))
            #expect(statusPatched.status?.conditions[type: "Ready"]?.isTrue == true)
            #expect(statusPatched.status?.v4AvailableIPs == 250)

            try await client.delete(Subnet.self, name: "crud-a")
            do {
                _ = try await client.get(Subnet.self, name: "crud-a")
                Issue.record("a deleted object was found")
            } catch let error as KubeError {
                #expect(error.isNotFound)
                #expect(error.description.contains("GET /apis/kubeovn.io/v1/subnets/crud-a"))
            }
        }
    }

    @Test("over plain http the token is not sent, as kubectl does")
    func noTokenOverHTTP() async throws {
        let server = try await StubAPIServer()
        var config = server.config
        config.token = TokenSource(token: "secret")
        let client = try KubeClient(config: config)
        let listed = try? await client.list(Subnet.self)
        try await client.shutdown()
        try await server.stop()
        #expect(listed != nil)
        #expect(server.store.state.value.authorizations == [""])
    }

    @Test("refusals come back as alreadyExists and invalid with the field named")
    func refusals() async throws {
        try await withClient { client, _ in
            var s = subnet("dup", rv: "")
            s.metadata.resourceVersion = nil
            _ = try await client.create(s)
            do {
                _ = try await client.create(s)
                Issue.record("a duplicate was created")
            } catch let error as KubeError {
                #expect(error.isAlreadyExists, "\(error)")
            }
            var bad = subnet("invalid-1", rv: "")
            bad.metadata.resourceVersion = nil
            do {
                _ = try await client.create(bad)
                Issue.record("an invalid object was created")
            } catch let error as KubeError {
                guard case .invalid(let status) = error else {
                    Issue.record("expected invalid, got \(error)")
                    return
                }
                #expect(status.causes.map(\.field) == ["spec.cidrBlock"])
                #expect(error.description.contains("spec.cidrBlock"))
            }
        }
    }

    @Test("list filters by label and follows continue tokens page by page")
    func listPaging() async throws {
        try await withClient { client, server in
            // A label unique to this run, so the test also holds on a server with other objects.
            let run = "r" + UUID().uuidString.prefix(8).lowercased()
            for i in 0..<7 {
                var s = subnet("\(run)-\(i)", rv: "")
                s.metadata.resourceVersion = nil
                s.metadata.labels = ["run": run, "parity": i % 2 == 0 ? "even" : "odd"]
                _ = try await client.create(s)
            }
            let all = try await client.listAll(Subnet.self, options: ListOptions(labelSelector: "run=\(run)", limit: 2))
            #expect(all.items.map(\.metadata.name) == (0..<7).map { "\(run)-\($0)" })
            #expect(!all.resourceVersion.isEmpty)
            if let log = server.requestLog {
                #expect(log.filter { $0.hasPrefix("GET /apis/kubeovn.io/v1/subnets?labelSelector=run%3D\(run)&limit=2") }.count == 4)
                #expect(log.filter { $0.contains("&continue=") }.count == 3)
            }
            let odd = try await client.listAll(Subnet.self, options: ListOptions(labelSelector: "run=\(run),parity=odd"))
            #expect(odd.items.map(\.metadata.name) == [1, 3, 5].map { "\(run)-\($0)" })
        }
    }

    @Test("recording the same event twice bumps its count")
    func events() async throws {
        try await withClient { client, _ in
            var s = subnet("ev", rv: "")
            s.metadata.resourceVersion = nil
            let stored = try await client.create(s)
            let first = try await client.record(reason: "CIDRConflict", message: "overlaps a-1", type: .warning, on: stored)
            let second = try await client.record(reason: "CIDRConflict", message: "overlaps a-1", type: .warning, on: stored)
            let other = try await client.record(reason: "Ready", message: "ok", on: stored)
            #expect(first.metadata.name == second.metadata.name)
            #expect(first.count == 1)
            #expect(second.count == 2)
            #expect(other.metadata.name != first.metadata.name)
            #expect(second.involvedObject.name == "ev")
            #expect(second.involvedObject.kind == "Subnet")
            #expect(second.metadata.namespace == "default")
            let listed = try await client.list(Event.self, namespace: "default")
            #expect(listed.items.count == 2)
        }
    }

    @Test("a watch streams changes after the list's version, then bookmarks")
    func watchStream() async throws {
        try await withClient(of: try await StubAPIServer(), watchStream)
    }

    func watchStream(_ client: KubeClient, _ server: StubAPIServer) async throws {
        var s = subnet("w-1", rv: "")
        s.metadata.resourceVersion = nil
        _ = try await client.create(s)
        let list = try await client.list(Subnet.self)
        let stream = try await client.watch(Subnet.self, options: ListOptions(resourceVersion: list.resourceVersion))
        s.metadata.name = "w-2"
        _ = try await client.create(s)
        try await client.delete(Subnet.self, name: "w-1")
        server.store.bookmark(kind: "Subnet", apiVersion: "kubeovn.io/v1")
        var seen: [String] = []
        for try await event in stream {
            switch event {
            case .added(let o): seen.append("ADDED \(o.metadata.name)")
            case .deleted(let o): seen.append("DELETED \(o.metadata.name)")
            case .modified(let o): seen.append("MODIFIED \(o.metadata.name)")
            case .bookmark: seen.append("BOOKMARK")
            case .error(let st): seen.append("ERROR \(st.code ?? 0)")
            }
            if seen.count == 3 { break }
        }
        #expect(seen == ["ADDED w-2", "DELETED w-1", "BOOKMARK"])
    }
}
