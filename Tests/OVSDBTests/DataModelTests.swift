import Testing

@testable import OVSDB

@Suite("OVSDB data model")
struct DataModelTests {
    static let schemaJSON: JSON = try! JSON.decode(#"""
        {"name":"T","version":"1.0.0","tables":{"Port":{"columns":{
          "name":{"type":"string"},
          "tag":{"type":{"key":{"type":"integer","minInteger":0,"maxInteger":4095},"min":0,"max":1}},
          "addresses":{"type":{"key":"string","min":0,"max":"unlimited"}},
          "kind":{"type":{"key":{"type":"string","enum":["set",["a","b"]]}}},
          "peer":{"type":{"key":{"type":"uuid","refTable":"Port"},"min":0,"max":1}},
          "external_ids":{"type":{"key":"string","value":"string","min":0,"max":"unlimited"}}},
          "isRoot":true}}}
        """#)

    @Test("atoms, sets and maps encode in RFC 7047 form")
    func encoding() {
        #expect(Value.atom(.uuid("u1")).json == ["uuid", "u1"])
        #expect(Value.atom(.namedUUID("n")).json == ["named-uuid", "n"])
        #expect(Value.set([.string("a")]).json == ["set", ["a"]])
        #expect(Value.stringMap(["k": "v"]).json == ["map", [["k", "v"]]])
    }

    @Test("values decode without a schema and compare unordered")
    func decoding() throws {
        let set = try Value(json: ["set", ["b", "a"]])
        #expect(set == .set(["a", "b"]))
        let map = try Value(json: ["map", [["k", 1], ["j", 2]]])
        #expect(map.pairs[.string("j")] == .integer(2))
        #expect(try Value(json: ["uuid", "x"]) == .atom(.uuid("x")))
    }

    @Test("named UUIDs get the merge prefix, real UUIDs do not")
    func prefixing() {
        let op = OVSDBOperation.mutate("Port", where: [.uuid("u")], mutations: [Mutation("peer", .insert, .set([.namedUUID("p"), .uuid("q")]))])
        let text = op.json(namePrefix: "b3_").description
        #expect(text.contains("b3_p"))
        #expect(!text.contains("b3_q"))
        let insert = OVSDBOperation.insert("Port", ["name": "x"], uuidName: "p").json(namePrefix: "b3_")
        #expect(insert["uuid-name"] == "b3_p")
    }

    @Test("rows are checked against the schema with table, column and reason")
    func schemaChecks() throws {
        let table = try DatabaseSchema(json: Self.schemaJSON).table("Port")
        try table.check(["name": "p", "tag": .set([.integer(5)]), "addresses": .strings(["a", "b"]), "kind": "a"])
        #expect(throws: OVSDBError.schemaMismatch(table: "Port", column: "nope", reason: "no such column in this schema")) {
            try table.check(["nope": "x"])
        }
        #expect(throws: OVSDBError.self) { try table.check(["tag": 5000]) }
        #expect(throws: OVSDBError.self) { try table.check(["kind": "c"]) }
        #expect(throws: OVSDBError.self) { try table.check(["name": 3]) }
        #expect(throws: OVSDBError.self) { try table.check(["tag": .set([Atom.integer(1), .integer(2)])]) }
        #expect(throws: OVSDBError.self) { try table.check(["external_ids": .strings(["a"])]) }
        let message = OVSDBError.schemaMismatch(table: "Port", column: "kind", reason: "\"c\" is not one of a, b").description
        #expect(message.contains("Port") && message.contains("kind"))
    }

    @Test("update2 diffs toggle set elements, replace scalars and edit maps")
    func diffs() throws {
        let table = try DatabaseSchema(json: Self.schemaJSON).table("Port")
        let addresses = try #require(table.columns["addresses"])
        #expect(addresses.apply(diff: .set(["a", "c"]), to: .set(["a", "b"])) == .set(["b", "c"]))
        let ids = try #require(table.columns["external_ids"])
        let old = Value.stringMap(["keep": "1", "drop": "2", "change": "3"])
        #expect(ids.apply(diff: .stringMap(["drop": "2", "change": "4", "new": "5"]), to: old)
            == .stringMap(["keep": "1", "change": "4", "new": "5"]))
        let name = try #require(table.columns["name"])
        #expect(name.apply(diff: "new", to: .atom("old")) == .atom("new"))
        let tag = try #require(table.columns["tag"])
        #expect(tag.apply(diff: .set([Atom.integer(1), .integer(2)]), to: .set([.integer(1)])) == .set([.integer(2)]))
    }

    @Test("a transact reply with an error names the failing operation and table")
    func errorMapping() {
        let ops: [OVSDBOperation] = [.comment("x"), .insert("Port", ["name": "a"])]
        let reply: JSON = [[:], ["error": "constraint violation", "details": "duplicate name"], nil]
        #expect(throws: OVSDBError.operationFailed(index: 1, op: "insert", table: "Port", error: "constraint violation", details: "duplicate name")) {
            try OperationResult.parse(reply, for: ops)
        }
        let commitFailure: JSON = [[:], ["uuid": ["uuid", "u"]], ["error": "referential integrity violation"]]
        #expect(throws: OVSDBError.operationFailed(index: 2, op: "commit", table: nil, error: "referential integrity violation", details: nil)) {
            try OperationResult.parse(commitFailure, for: ops)
        }
        #expect(throws: OVSDBError.notLeader("not leader: ")) {
            try OperationResult.parse([["error": "not leader"]], for: ops)
        }
    }

    @Test("remotes parse in ovn-nbctl syntax")
    func remotes() throws {
        #expect(try Remote.parseList("tcp:127.0.0.1:6641, unix:/tmp/nb.sock") == [.tcp(host: "127.0.0.1", port: 6641), .unix(path: "/tmp/nb.sock")])
        #expect(try Remote("tcp:[::1]:6641") == .tcp(host: "::1", port: 6641))
        #expect(throws: OVSDBError.self) { try Remote("ssl:1.2.3.4:6641") }
        #expect(throws: OVSDBError.self) { try Remote("tcp:host:99999") }
    }
}
