import Testing

@testable import OVSDB

@Suite("JSON codec")
struct JSONTests {
    @Test("values survive an encode/decode round trip")
    func roundTrip() throws {
        let value: JSON = [
            "s": "a \"quoted\" \\ back\nslash {not a brace} é 😀", "i": -42, "r": 1.5, "t": true, "f": false, "n": nil,
            "a": [1, [2, ["x"]], [:]],
        ]
        let decoded = try JSON.decode(value.encoded())
        #expect(decoded == value)
    }

    @Test("\\u escapes, including surrogate pairs, decode to the right characters")
    func unicodeEscapes() throws {
        let decoded = try JSON.decode(#"["\u00e9\ud83d\ude00\n\/"]"#)
        #expect(decoded == ["é😀\n/"])
    }

    @Test("control characters are escaped on output")
    func controlCharacters() throws {
        let text = String(decoding: JSON.string("a\u{01}b").encoded(), as: UTF8.self)
        #expect(text == #""a\u0001b""#)
    }

    @Test("integers stay integers and reals stay reals")
    func numbers() throws {
        #expect(try JSON.decode("[7, 7.0, -1e3]") == [.integer(7), .real(7), .real(-1000)])
        #expect(try JSON.decode(JSON.real(3).encoded()) == .real(3))
    }

    @Test("malformed texts are refused with a position")
    func malformed() {
        for text in ["{\"a\" 1}", "[1,]", "\"open", "tru", "{} x"] {
            #expect(throws: OVSDBError.self) { try JSON.decode(text) }
        }
    }
}
