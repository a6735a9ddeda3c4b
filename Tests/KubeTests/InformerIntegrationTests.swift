import Foundation
import Kube
import SCNetAPI
import TestSupport
import Testing

/// Runs an informer on Subnets against a server and records its deltas as text.
final class InformerRun: Sendable {
    let informer: Informer<Subnet>
    let deltas = Locked<[String]>([])
    let runner: Task<Void, Never>
    let consumer: Task<Void, Never>

    init(client: KubeClient) {
        let informer = Informer<Subnet>(
            client: client, options: ListOptions(limit: 2),
            backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(200)))
        self.informer = informer
        let deltas = self.deltas
        runner = Task { await informer.run() }
        consumer = Task {
            for await delta in informer.deltas {
                let text: String
                switch delta {
                case .added(let s): text = "add \(s.metadata.name)"
                case .updated(_, let s): text = "update \(s.metadata.name) \(s.spec.cidrBlock ?? "")"
                case .deleted(let s): text = "delete \(s.metadata.name)"
                case .synced: text = "synced"
                }
                deltas.withLock { $0.append(text) }
            }
        }
    }

    /// Waits until `count` deltas arrived, then returns them all.
    func deltas(count: Int) async -> [String] {
        // Generous: under a full parallel test run, a broken watch plus back-off took over 10 s.
        _ = await eventually(timeout: .seconds(40)) { self.deltas.value.count >= count }
        return deltas.value
    }

    func stop() async {
        runner.cancel()
        await runner.value
        await consumer.value
    }
}

@Suite("Informer against an HTTP API server", .timeLimit(.minutes(1)))
struct InformerIntegrationTests {
    func create(_ client: KubeClient, _ name: String, cidr: String = "10.0.0.0/24") async throws {
        var s = subnet(name, rv: "", cidr: cidr)
        s.metadata.resourceVersion = nil
        s.metadata.uid = nil
        _ = try await client.create(s)
    }

    func setCIDR(_ client: KubeClient, _ name: String, _ cidr: String) async throws {
        _ = try await client.patch(Subnet.self, name: name, .merge(["spec": ["cidrBlock": .string(cidr)]]))
    }

    @Test("every change arrives once, in order, across server-side watch ends and broken connections")
    func acrossDisconnect() async throws {
        try await withClient { client, server in
            for name in ["a", "b", "c"] { try await create(client, name) }
            let run = InformerRun(client: client)
            try await withTimeout { await run.informer.waitUntilSynced() }
            #expect(await run.informer.hasSynced)
            #expect(await run.deltas(count: 4) == ["add a", "add b", "add c", "synced"])

            try await create(client, "d")
            try await setCIDR(client, "a", "10.1.0.0/24")
            #expect(await run.deltas(count: 6).suffix(2) == ["add d", "update a 10.1.0.0/24"])

            // Cut the watch and change things at once: whether they land before or after the
            // re-watch, the informer resumes from its last version and sees each once.
            try await server.dropWatches()
            try await setCIDR(client, "b", "10.2.0.0/24")
            try await client.delete(Subnet.self, name: "c")
            try await create(client, "e")
            try await server.dropWatches()
            try await setCIDR(client, "b", "10.3.0.0/24")
            #expect(await run.deltas(count: 10).last == "update b 10.3.0.0/24")

            // A broken connection (no clean end): the informer backs off and resumes likewise.
            try await server.breakWatches()
            try await create(client, "f")
            try await client.delete(Subnet.self, name: "e")

            let all = await run.deltas(count: 12)
            #expect(all == [
                "add a", "add b", "add c", "synced", "add d", "update a 10.1.0.0/24",
                "update b 10.2.0.0/24", "delete c", "add e", "update b 10.3.0.0/24", "add f", "delete e",
            ])
            #expect(await run.informer.objects().map(\.metadata.name) == ["a", "b", "d", "f"])
            if let log = server.requestLog {
                #expect(log.filter { $0.contains("watch=true") }.count >= 2)
                // Only the first list: a clean disconnect never forces a re-list.
                #expect(log.filter { $0.hasPrefix("GET /apis/kubeovn.io/v1/subnets?limit=2") }.count == 2)
            }
            await run.stop()
            #expect(run.deltas.value.count == 12)
        }
    }

    @Test(
        "after 410 Gone (in-stream or HTTP) the informer re-lists: vanished objects are deleted, changed ones updated, none repeated",
        arguments: [false, true])
    func acrossGone(goneAsHTTPStatus: Bool) async throws {
        try await withClient { client, server in
            try await server.setGoneAsHTTPStatus(goneAsHTTPStatus)
            for name in ["a", "b", "c"] { try await create(client, name) }
            let run = InformerRun(client: client)
            try await withTimeout { await run.informer.waitUntilSynced() }
            #expect(await run.deltas(count: 4) == ["add a", "add b", "add c", "synced"])

            try await server.whileDisconnected(expireHistory: true) {
                try await client.delete(Subnet.self, name: "b")
                try await setCIDR(client, "c", "10.4.0.0/24")
                try await create(client, "d")
            }
            #expect(await run.deltas(count: 7).dropFirst(4) == ["update c 10.4.0.0/24", "add d", "delete b"])

            // And it is watching again afterwards.
            try await setCIDR(client, "a", "10.5.0.0/24")
            #expect(await run.deltas(count: 8).last == "update a 10.5.0.0/24")
            #expect(await run.informer.objects().map(\.metadata.name) == ["a", "c", "d"])
            if let log = server.requestLog {
                #expect(log.filter { $0.hasPrefix("GET /apis/kubeovn.io/v1/subnets?limit=2") }.count >= 4)
            }
            await run.stop()
            #expect(run.deltas.value.count == 8)
        }
    }
}
