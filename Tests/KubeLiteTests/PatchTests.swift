import Foundation
import Testing
@testable import KubeLite
import SCNetAPI

private func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

@Suite("patch formats")
struct PatchTests {
    @Test("a merge patch merges objects, replaces lists and removes null members")
    func mergePatch() throws {
        let target = try json(#"{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"list":[1,2],"x":1}}"#)
        let patched = Patch.merge(try json(#"{"metadata":{"labels":{"b":null,"c":"3"}},"spec":{"list":[3]}}"#), into: target)
        #expect(patched == (try json(#"{"metadata":{"labels":{"a":"1","c":"3"}},"spec":{"list":[3],"x":1}}"#)))
    }

    @Test("a JSON patch adds, replaces, removes and tests by pointer")
    func jsonPatch() throws {
        let target = try json(#"{"metadata":{"finalizers":["a","b"]},"spec":{"cidrBlock":"10.0.0.0/24"}}"#)
        let ops = try json(#"[{"op":"remove","path":"/metadata/finalizers/0"},{"op":"replace","path":"/spec/cidrBlock","value":"10.1.0.0/24"},{"op":"add","path":"/spec/excludeIps","value":["10.1.0.1"]},{"op":"add","path":"/spec/excludeIps/-","value":"10.1.0.2"},{"op":"test","path":"/metadata/finalizers/0","value":"b"}]"#)
        let patched = try Patch.json(ops, into: target)
        #expect(patched == (try json(#"{"metadata":{"finalizers":["b"]},"spec":{"cidrBlock":"10.1.0.0/24","excludeIps":["10.1.0.1","10.1.0.2"]}}"#)))
        #expect(throws: KubeLiteError.self) { try Patch.json(try json(#"[{"op":"test","path":"/spec/cidrBlock","value":"x"}]"#), into: target) }
        #expect(throws: KubeLiteError.self) { try Patch.json(try json(#"[{"op":"remove","path":"/spec/nothing"}]"#), into: target) }
    }

    @Test("a strategic merge patch merges containers by name and honours $setElementOrder and $patch: delete")
    func strategicContainers() throws {
        let pod = try json(#"{"spec":{"containers":[{"name":"a","image":"x:1","env":[{"name":"E","value":"1"}]},{"name":"b","image":"y:1"}]}}"#)
        let patch = try json(#"{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"},{"name":"c"}],"containers":[{"name":"a","image":"x:2"},{"name":"c","image":"z:1"}]}}"#)
        let patched = try StrategicMergePatch.apply(patch, to: pod)
        let containers = patched["spec"]?["containers"]?.arrayValue ?? []
        #expect(containers.compactMap { $0["name"]?.stringValue } == ["b", "a", "c"])
        #expect(containers[1]["image"] == .string("x:2"))
        #expect(containers[1]["env"]?.arrayValue?.count == 1, "fields the patch does not name are kept")
        let deleted = try StrategicMergePatch.apply(try json(#"{"spec":{"containers":[{"name":"b","$patch":"delete"}]}}"#), to: pod)
        #expect(deleted["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["a"])
    }

    @Test("a strategic merge patch unions finalizers and replaces maps marked $patch: replace")
    func strategicDirectives() throws {
        let target = try json(#"{"metadata":{"finalizers":["a"],"labels":{"x":"1","y":"2"}}}"#)
        let patched = try StrategicMergePatch.apply(try json(#"{"metadata":{"finalizers":["b"],"labels":{"$patch":"replace","z":"3"}}}"#), to: target)
        #expect(patched == (try json(#"{"metadata":{"finalizers":["a","b"],"labels":{"z":"3"}}}"#)))
    }
}

@Suite("selectors")
struct SelectorTests {
    @Test("label selectors support equality, inequality, existence and set terms")
    func labels() throws {
        let labels = ["app": "web", "tier": "front"]
        #expect(try LabelSelector("app=web,tier").matches(labels))
        #expect(try LabelSelector("app==web,!missing").matches(labels))
        #expect(try !LabelSelector("app!=web").matches(labels))
        #expect(try LabelSelector("tier in (front, back)").matches(labels))
        #expect(try !LabelSelector("tier notin (front)").matches(labels))
        #expect(try !LabelSelector("missing").matches(labels))
        #expect(throws: KubeLiteError.self) { try LabelSelector("tier in front") }
    }

    @Test("field selectors compare any dotted path, a missing field being empty")
    func fields() throws {
        let pod = try json(#"{"metadata":{"name":"p","namespace":"ns"},"spec":{"nodeName":"n1"}}"#)
        #expect(try FieldSelector("metadata.name=p,metadata.namespace==ns").matches(pod))
        #expect(try FieldSelector("spec.nodeName=n1").matches(pod))
        #expect(try !FieldSelector("spec.nodeName!=n1").matches(pod))
        #expect(try FieldSelector("spec.missing=").matches(pod))
        #expect(throws: KubeLiteError.self) { try FieldSelector("nonsense") }
    }
}

@Suite("list pages")
struct PageTests {
    @Test("a continue token resumes after the last key sent, and the last page has none")
    func pages() throws {
        let objects = try (0..<5).map { try json(#"{"metadata":{"name":"o\#($0)"}}"#) }
        let first = try Page(objects, limit: 2, continue: nil)
        #expect(first.items.map { $0.meta("name") } == ["o0", "o1"])
        #expect(first.remaining == 3)
        let second = try Page(objects, limit: 2, continue: first.continueToken)
        #expect(second.items.map { $0.meta("name") } == ["o2", "o3"])
        let last = try Page(objects, limit: 2, continue: second.continueToken)
        #expect(last.items.map { $0.meta("name") } == ["o4"])
        #expect(last.continueToken == nil)
        #expect(throws: KubeLiteError.self) { try Page(objects, limit: 2, continue: "%%%") }
    }
}
