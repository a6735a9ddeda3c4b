import Foundation
import SCNetAPI
import Testing

@Suite("Manifest decoding and round trips")
struct CodecTests {
    func decodeOne(_ yaml: String) throws -> AnyResource {
        let docs = ManifestDecoder.decode(yaml)
        #expect(docs.count == 1)
        return try docs[0].result.get()
    }

    @Test("unknown fields survive a decode/encode round trip at every level")
    func unknownFieldsKept() throws {
        let yaml = """
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata:
              name: s
              managedFields: [{manager: kubectl}]
              labels: {a: b}
            spec:
              cidrBlock: 10.0.0.0/24
              enableLb: true
              dhcpV4Options: "lease_time=3600"
            status:
              v4availableIPs: 253
              activateGateway: node-1
              conditions:
                - {type: Ready, status: "True", reason: Init, futureField: 7}
            extraTopLevel: {x: [1, 2]}
            """
        let resource = try decodeOne(yaml)
        guard case .subnet(let s) = resource else { Issue.record("not a subnet"); return }
        #expect(s.spec.cidrBlock == "10.0.0.0/24")
        #expect(s.spec.unknownFields["enableLb"] == .bool(true))
        #expect(s.status?.v4AvailableIPs == 253)
        let data = try JSONEncoder().encode(s)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let spec = try #require(json["spec"] as? [String: Any])
        #expect(spec["enableLb"] as? Bool == true)
        #expect(spec["dhcpV4Options"] as? String == "lease_time=3600")
        #expect((json["metadata"] as? [String: Any])?["managedFields"] != nil)
        #expect((json["status"] as? [String: Any])?["activateGateway"] as? String == "node-1")
        #expect((json["extraTopLevel"] as? [String: Any])?["x"] != nil)
        let conditions = try #require((json["status"] as? [String: Any])?["conditions"] as? [[String: Any]])
        #expect(conditions.first?["futureField"] as? Int == 7)
        #expect(json["apiVersion"] as? String == "kubeovn.io/v1" && json["kind"] as? String == "Subnet")
        // And decoding the output gives back an equal object.
        let again = try JSONDecoder().decode(Subnet.self, from: data)
        #expect(again == s)
    }

    @Test("a pod's containers and status are kept untouched")
    func podSpecKept() throws {
        let resource = try decodeOne("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: demo}
            spec:
              nodeName: node-1
              containers: [{name: c, image: busybox, command: [sleep, "10"]}]
            status: {phase: Running}
            """)
        guard case .pod(let p) = resource else { Issue.record("not a pod"); return }
        #expect(p.nodeName == "node-1")
        #expect(p.phase == "Running")
        let back = try JSONDecoder().decode(Pod.self, from: JSONEncoder().encode(p))
        #expect(back.spec["containers"]?.arrayValue?.first?["command"] == .array([.string("sleep"), .string("10")]))
    }

    @Test("multi-document streams give each document its index and starting line")
    func documentsAndLines() {
        let docs = ManifestDecoder.decode("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            ---
            # a comment
            apiVersion: v1
            kind: Namespace
            metadata: {name: b}
            ---
            """)
        #expect(docs.count == 2)
        #expect(docs.map(\.index) == [1, 2])
        #expect(docs.map(\.line) == [1, 6])
    }

    @Test("a type error names the document, the field path and its line")
    func typeErrorLocated() throws {
        let docs = ManifestDecoder.decode("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: ok}
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata:
              name: s
            spec:
              cidrBlock: 10.0.0.0/24
              natOutgoing: maybe
            """)
        #expect(docs.count == 2)
        guard case .failure(let e) = docs[1].result else { Issue.record("expected an error"); return }
        #expect(e.document == 2)
        #expect(e.field == "spec.natOutgoing")
        #expect(e.line == 11)
        #expect(e.object == "Subnet/s")
    }

    @Test("a YAML syntax error gives its line and keeps the documents before it")
    func syntaxError() {
        let docs = ManifestDecoder.decode("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [unclosed\n")
        #expect(docs.count == 2)
        #expect((try? docs[0].result.get()) != nil)
        guard case .failure(let e) = docs[1].result else { Issue.record("expected an error"); return }
        #expect(e.line != nil)
        #expect(e.message.contains("YAML syntax error"))
    }

    @Test("JSON documents and List kinds decode into their items")
    func jsonList() {
        let docs = ManifestDecoder.decode(#"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}},{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"b"}}]}"#)
        #expect(docs.count == 2)
        #expect(docs.compactMap { try? $0.result.get().metadata.name } == ["a", "b"])
    }

    @Test("deep nesting and alias bombs are refused, not parsed")
    func hostileInput() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let d1 = ManifestDecoder.decode(deep)
        #expect(d1.count == 1)
        #expect((try? d1[0].result.get()) == nil)
        let blocks = (0..<10_000).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n")
        #expect((try? ManifestDecoder.decode(blocks).first?.result.get()) == nil)
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let d3 = ManifestDecoder.decode(bomb)
        guard case .failure(let e)? = d3.first?.result else { Issue.record("expected a refusal"); return }
        #expect(e.message.contains("expands"))
    }

    @Test("an empty input has no documents")
    func empty() {
        #expect(ManifestDecoder.decode("").isEmpty)
        #expect(ManifestDecoder.decode("---\n---\n").isEmpty)
    }

    @Test("conditions keep their transition time while the status stays")
    func conditions() {
        var list: [Condition] = []
        list.set(Condition(type: "Ready", status: false, reason: "VpcNotFound", message: "m"), now: "t1")
        list.set(Condition(type: "Ready", status: false, reason: "VpcNotFound", message: "m2"), now: "t2")
        #expect(list[type: "Ready"]?.lastTransitionTime == "t1")
        list.set(Condition(type: "Ready", status: true, reason: "Ready", message: ""), now: "t3")
        #expect(list[type: "Ready"]?.lastTransitionTime == "t3")
        #expect(list.count == 1)
    }
}

@Suite("JSONValue direct serialisation")
struct JSONValueSerializationTests {
    @Test("the direct writer gives JSONEncoder's bytes (sorted keys, slashes unescaped, escapes, integers)")
    func sameBytesAsJSONEncoder() throws {
        let value = JSONValue.object([
            "b": .array([.number(1), .number(2.5), .number(-3), .number(1e20), .bool(true), .null]),
            "a": .string("quote \" backslash \\ slash / tab \t newline \n bell \u{7} é 日本"),
            "nested": .object(["z": .object([:]), "y": .array([])]),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(value)
        #expect(String(decoding: value.serialized(), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(value.serialized())) == value)
    }
}

@Suite("JSONValue direct parsing")
struct JSONValueParsingTests {
    @Test("parses what JSONDecoder parses, to the same value")
    func sameAsJSONDecoder() throws {
        let texts = [
            #"{"a":[1,2.5,-3,1e20,true,false,null],"s":"q\" b\\ s\/ t\t n\n u\u00e9 \ud83d\ude00 日本","o":{"e":{},"l":[]}}"#,
            #"  [ 0 , -0.5e-3 , "" ]  "#, "\"x\"", "17", "null",
        ]
        for text in texts {
            let direct = try JSONValue(parsing: Array(text.utf8))
            let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(direct == decoded, "\(text)")
        }
    }

    @Test("refuses what is not one JSON value, naming where", arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\u{1}\"", "tru", "1 2", "\"\\ud800\"", "{\"a\":1,}",
        "{\"a\":1,\"a\":2}", "{\"m\":{\"name\":\"x\",\"name\":\"x\"}}",
    ])
    func refuses(_ text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: Array(text.utf8)) }
    }

    @Test("deep nesting is refused before it exhausts the stack")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: Array(text.utf8)) }
    }
}
