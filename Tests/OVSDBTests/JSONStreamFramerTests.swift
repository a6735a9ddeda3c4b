import NIOCore
import Testing

@testable import OVSDB

@Suite("JSON stream framer")
struct JSONStreamFramerTests {
    func frames(_ chunks: [String]) throws -> [JSON] {
        var framer = JSONStreamFramer()
        var buffer = ByteBuffer()
        var out: [JSON] = []
        for chunk in chunks {
            buffer.writeString(chunk)
            while let value = try framer.nextMessage(from: &buffer) { out.append(value) }
        }
        return out
    }

    @Test("two messages in one chunk come out as two values")
    func merged() throws {
        #expect(try frames([#"{"id":1}{"id":2} [3]"#]) == [["id": 1], ["id": 2], [3]])
    }

    @Test("a message split at every byte is reassembled")
    func splitEverywhere() throws {
        let text = #"{"method":"update2","params":["m",{"T":{"u":{"insert":{"name":"x}]{[\"y"}}}}],"id":null}"#
        let chunks = text.map { String($0) }
        let values = try frames(chunks)
        #expect(values.count == 1)
        #expect(values.first?["params"]?.arrayValue?[1]["T"]?["u"]?["insert"]?["name"] == "x}]{[\"y")
    }

    @Test("braces and escaped quotes inside strings do not end a message")
    func bracesInStrings() throws {
        let values = try frames([#"{"a":"}\\"}"#, #"{"b":"\"{"}"#])
        #expect(values == [["a": "}\\"], ["b": "\"{"]])
    }

    @Test("multi-byte UTF-8 split across chunks survives")
    func unicodeSplit() throws {
        let bytes = Array(#"{"n":"héllo 🌍"}"#.utf8)
        var framer = JSONStreamFramer()
        var buffer = ByteBuffer()
        var out: [JSON] = []
        for b in bytes {
            buffer.writeInteger(b)
            while let v = try framer.nextMessage(from: &buffer) { out.append(v) }
        }
        #expect(out == [["n": "héllo 🌍"]])
    }

    @Test("an incomplete message yields nothing until it completes")
    func incomplete() throws {
        var framer = JSONStreamFramer()
        var buffer = ByteBuffer(string: #"{"a":[1,2"#)
        #expect(try framer.nextMessage(from: &buffer) == nil)
        buffer.writeString("]}")
        #expect(try framer.nextMessage(from: &buffer) == ["a": [1, 2]])
        #expect(buffer.readableBytes == 0)
    }

    @Test("an oversized message is a protocol error")
    func oversized() {
        var framer = JSONStreamFramer(maximumMessageBytes: 16)
        var buffer = ByteBuffer(string: "[" + String(repeating: "1,", count: 20))
        #expect(throws: OVSDBError.self) { try framer.nextMessage(from: &buffer) }
    }
}
