import Foundation
import Testing
@testable import KubeLite
import SCNetAPI

/// The store's side of issue #19, verb by verb: a write whose result, after defaulting and
/// admission, equals the stored object answers it and stores nothing.
@Suite("object store: writes that change nothing", .timeLimit(.minutes(1)))
struct UnchangedStoreWriteTests {
    static let subnets = ServedResource.find(group: "kubeovn.io", plural: "subnets")!

    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    /// Subnet `s` 10.40.0.0/24 excluding 10.40.0.5 only: defaulting adds the gateway 10.40.0.1.
    static let manifest = #"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"s"},"spec":{"cidrBlock":"10.40.0.0/24","excludeIps":["10.40.0.5"]}}"#

    @Test("update, merge and JSON patches, server-side apply, a repeated status and dry runs store nothing; the watch sees only the next real change")
    func everyVerb() async throws {
        let store = try await ObjectStore(directory: nil)
        let r = Self.subnets
        _ = try await store.create(r, namespace: nil, body: try Self.json(Self.manifest))
        let ready = try Self.json(#"{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#)
        let stored = try await store.patch(r, namespace: nil, name: "s", subresource: .status) { Patch.merge(ready, into: $0) }.object
        #expect(stored["spec"]?["excludeIps"] == .array([.string("10.40.0.5"), .string("10.40.0.1")]))
        let revision = await store.revision
        let watch = try await store.watch(r, filter: ObjectFilter(), from: revision)

        var bare = stored
        bare.set(["spec", "excludeIps"], .array([.string("10.40.0.5")]))
        #expect(try await store.update(r, namespace: nil, name: "s", body: bare) == stored, "update (PUT)")
        #expect(try await store.update(r, namespace: nil, name: "s", body: bare, dryRun: true) == stored, "dry-run update")
        let merge = try Self.json(#"{"spec":{"excludeIps":["10.40.0.5"]}}"#)
        #expect(try await store.patch(r, namespace: nil, name: "s") { Patch.merge(merge, into: $0) }.object == stored, "merge patch")
        let remove = try Self.json(#"[{"op":"remove","path":"/spec/excludeIps/1"}]"#)
        #expect(try await store.patch(r, namespace: nil, name: "s") { try Patch.json(remove, into: $0!) }.object == stored, "JSON patch")
        let applied = try Self.json(Self.manifest)
        let ssa = try await store.patch(r, namespace: nil, name: "s", createIfMissing: true) { Patch.merge(applied, into: $0) }
        #expect(ssa.object == stored && !ssa.created, "server-side apply")
        #expect(try await store.patch(r, namespace: nil, name: "s", subresource: .status) { Patch.merge(ready, into: $0) }.object == stored,
                "repeated status")
        #expect(await store.revision == revision, "a write that changes nothing was stored")

        // Generation: a label keeps it, a spec change raises it by one.
        let labelled = try await store.patch(r, namespace: nil, name: "s") { Patch.merge(try Self.json(#"{"metadata":{"labels":{"a":"b"}}}"#), into: $0) }.object
        #expect(labelled["metadata"]?["generation"] == stored["metadata"]?["generation"])
        let changed = try await store.patch(r, namespace: nil, name: "s") { Patch.merge(try Self.json(#"{"spec":{"natOutgoing":true}}"#), into: $0) }.object
        #expect(changed["metadata"]?["generation"] == .number(2))

        var events: [String] = []
        for await event in watch {
            events.append("\(event.type.rawValue) \(event.object.meta("resourceVersion") ?? "")")
            if events.count == 2 { break }
        }
        #expect(events == ["MODIFIED \(revision + 1)", "MODIFIED \(revision + 2)"], "only the label and the spec change are events")
    }
}
