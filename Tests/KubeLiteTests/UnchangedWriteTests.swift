import Foundation
import TestSupport
import Testing
@testable import KubeLite

/// kube-apiserver's rules for writes that change nothing, driven with the real kubectl (issue
/// #19): the object is compared after defaulting and admission, and an unchanged one is not
/// written at all; `metadata.generation` follows spec changes only.
@Suite("writes that change nothing", .serialized, .timeLimit(.minutes(1)), .enabled(if: Kubectl.path != nil, "kubectl is not installed"))
struct UnchangedWriteTests {
    static let demo = KubectlEndToEndTests.demo

    /// `Kind/namespace/name generation resourceVersion` of every object of examples/demo.
    static func versions(_ kubectl: Kubectl) async throws -> [String] {
        let listed = try await kubectl(
            "get", "-f", demo, "-o",
            #"jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name} {.metadata.generation} {.metadata.resourceVersion}{"\n"}{end}"#)
        #expect(listed.status == 0, "\(listed)")
        return listed.stdout.split(separator: "\n").map(String.init)
    }

    struct Version: Equatable {
        var generation: Int
        var resourceVersion: String
    }

    /// The generation and resourceVersion of Subnet demo-web.
    static func webVersion(_ kubectl: Kubectl) async throws -> Version {
        let got = try await kubectl("get", "subnet", "demo-web", "-o", "jsonpath={.metadata.generation} {.metadata.resourceVersion}")
        let fields = got.stdout.split(separator: " ").map(String.init)
        try #require(fields.count == 2, "\(got)")
        return Version(generation: Int(fields[0]) ?? -1, resourceVersion: fields[1])
    }

    @Test("applying examples/demo again (client-side, server-side, dry run) writes nothing, and kubectl diff prints nothing")
    func applyTwice() async throws {
        try await TestServer.with { server, kubectl in
            let first = try await kubectl("apply", "-f", Self.demo)
            #expect(first.status == 0, "\(first)")
            let before = try await Self.versions(kubectl)
            #expect(before.count == 11 && before.allSatisfy { $0.split(separator: " ").count == 3 }, "\(before)")
            let revision = await server.store.revision

            // demo-web's excludeIps lacks the gateway: kubectl's three-way patch re-sends that
            // list (so it says "configured"), defaulting adds the gateway back, nothing changes.
            let again = try await kubectl("apply", "-f", Self.demo)
            #expect(again.status == 0 && again.stdout.contains("subnet.kubeovn.io/demo-db unchanged"), "\(again)")
            #expect(try await Self.versions(kubectl) == before)
            #expect(await server.store.revision == revision, "the second apply wrote")

            let diff = try await kubectl("diff", "-f", Self.demo)
            #expect(diff.status == 0 && diff.stdout.isEmpty, "\(diff)")
            let dry = try await kubectl("apply", "--dry-run=server", "-f", Self.demo)
            #expect(dry.status == 0, "\(dry)")
            let serverSide = try await kubectl("apply", "--server-side", "-f", Self.demo)
            #expect(serverSide.status == 0, "\(serverSide)")
            #expect(try await Self.versions(kubectl) == before)
            #expect(await server.store.revision == revision, "a dry run or a server-side apply of the same content wrote")
        }
    }

    @Test("a label change keeps the generation, a spec change raises it by one, and a spec edit defaulting undoes is no write")
    func generation() async throws {
        try await TestServer.with { server, kubectl in
            #expect(try await kubectl("apply", "-f", Self.demo).status == 0)
            let start = try await Self.webVersion(kubectl)
            #expect(start.generation == 1)

            #expect(try await kubectl("label", "subnet", "demo-web", "tier=web").status == 0)
            let labelled = try await Self.webVersion(kubectl)
            #expect(labelled.generation == start.generation && labelled.resourceVersion != start.resourceVersion, "\(labelled)")

            let spec = try await kubectl("patch", "subnet", "demo-web", "--type", "merge", "-p", #"{"spec":{"natOutgoing":false}}"#)
            #expect(spec.status == 0, "\(spec)")
            let changed = try await Self.webVersion(kubectl)
            #expect(changed.generation == start.generation + 1, "\(changed)")

            // Removing the gateway from excludeIps (JSON patch, then a PUT of the object read back):
            // the default adds it back. (`kubectl replace -f` would also rewrite the last-applied
            // annotation, a real change: PUT the body as it is.)
            let revision = await server.store.revision
            let removed = try await kubectl("patch", "subnet", "demo-web", "--type", "json", "-p", #"[{"op":"remove","path":"/spec/excludeIps/1"}]"#)
            #expect(removed.status == 0 && removed.stdout.contains("patched (no change)"), "\(removed)")
            let json = try await kubectl("get", "subnet", "demo-web", "-o", "json")
            var object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            var specObject = try #require(object["spec"] as? [String: Any])
            specObject["excludeIps"] = ["10.100.1.2..10.100.1.9"]
            object["spec"] = specObject
            let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            let replaced = try await kubectl("replace", "--raw", "/apis/kubeovn.io/v1/subnets/demo-web", "-f", "-", stdin: body)
            #expect(replaced.status == 0, "\(replaced)")
            #expect(try await Self.webVersion(kubectl) == changed)
            #expect(await server.store.revision == revision, "a write that defaulting undoes was stored")
        }
    }

    @Test("a status write that repeats the stored status sends no watch event and keeps the resourceVersion")
    func repeatedStatus() async throws {
        try await TestServer.with { server, kubectl in
            #expect(try await kubectl("apply", "-f", Self.demo).status == 0)
            let ready = #"{"status":{"conditions":[{"type":"Ready","status":"True","reason":"SubnetReady"}]}}"#
            let first = try await kubectl("patch", "subnet", "demo-web", "--subresource=status", "--type", "merge", "-p", ready)
            #expect(first.status == 0 && !first.stdout.contains("no change"), "\(first)")
            let written = try await Self.webVersion(kubectl)

            let watcher = try kubectl.start(["get", "subnet", "demo-web", "-w", "--output-watch-events", "-L", "tier"])
            defer { watcher.stop() }
            try #require(await eventually(timeout: .seconds(15)) { await server.store.watcherCount == 1 }, "\(watcher.stderr)")
            let repeated = try await kubectl("patch", "subnet", "demo-web", "--subresource=status", "--type", "merge", "-p", ready)
            #expect(repeated.status == 0 && repeated.stdout.contains("patched (no change)"), "\(repeated)")
            let after = try await Self.webVersion(kubectl)
            #expect(after == written)

            // A real change after it: its event is the first MODIFIED the watch prints.
            #expect(try await kubectl("label", "subnet", "demo-web", "tier=marker").status == 0)
            let seen = try await watcher.waitForOutput { $0.contains("marker") }
            #expect(seen, "stdout: \(watcher.stdout)\nstderr: \(watcher.stderr)")
            let modified = watcher.stdout.split(separator: "\n").filter { $0.hasPrefix("MODIFIED") }
            #expect(modified.count == 1 && modified.first?.contains("marker") == true, "\(watcher.stdout)")
        }
    }
}
