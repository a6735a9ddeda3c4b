/// Bytes that are not one JSON object: a valid manifest truncated, broken, given invalid UTF-8, a
/// duplicate key, nesting beyond the parser's bound, a byte-order mark; random bytes; an empty
/// body; random bytes sent as protobuf; a body over the size limit.
enum SyntaxDefects {
    static func validBody(_ g: inout SeededGenerator) -> [UInt8] {
        let body = #"{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"fz-\#(g.suffix())","labels":{"a":"b"}},"spec":{"cidrBlock":"10.\#(Int.random(in: 100...199, using: &g)).0.0/24","excludeIps":[]}}"#
        return Array(body.utf8)
    }

    /// Offsets of the bytes inside string literals of `bytes` (a compact JSON text without escapes).
    static func stringOffsets(_ bytes: [UInt8]) -> [Int] {
        var inside = false, found: [Int] = []
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\"") { inside.toggle(); continue }
            if inside { found.append(i) }
        }
        return found
    }

    static func random(_ g: inout SeededGenerator, oversized: Bool) -> HostileRequest {
        if oversized {
            // Above the 16 MiB limit: refused without being read whole.
            let body = Array(#"{"metadata":{"name":"big","annotations":{"a":""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 17 << 20) + Array("\"}}}".utf8)
            return HostileRequest("POST", Fixtures.subnetPath, body: body, defect: "syntax.oversized")
        }
        var body = validBody(&g)
        let defect: String
        switch Int.random(in: 0..<12, using: &g) {
        case 0: body = Array(body.prefix(Int.random(in: 0..<body.count, using: &g))); defect = "syntax.truncated"
        case 1:
            let at = g.pick(stringOffsets(body))
            body.insert(contentsOf: g.pick([[0xFF], [0xC0, 0xAF], [0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82]]), at: at)
            defect = "syntax.invalidUTF8"
        case 2: body.insert(UInt8.random(in: 0..<0x20, using: &g), at: g.pick(stringOffsets(body))); defect = "syntax.controlCharacter"
        case 3:
            let marker = Array(#""metadata":{"#.utf8)
            let at = (body.firstRange(of: marker)?.upperBound)!
            body.insert(contentsOf: Array(#""name":"dup-\#(g.suffix())","#.utf8), at: at)
            defect = "syntax.duplicateKey"
        case 4:
            let depth = Int.random(in: 520...50_000, using: &g)
            let nested = [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
            body = Array(#"{"metadata":{"name":"deep"},"spec":{"x":"#.utf8) + nested + Array("}}".utf8)
            defect = "syntax.deepNesting"
        case 5: body = [0xEF, 0xBB, 0xBF] + body; defect = "syntax.byteOrderMark"
        case 6: body += Array(g.pick(["x", "}", ",", "{}", " 1"]).utf8); defect = "syntax.trailingData"
        case 7:
            let structural = body.indices.filter { [UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "{"), UInt8(ascii: "}")].contains(body[$0]) && !stringOffsets(body).contains($0) }
            body[g.pick(structural)] = g.pick(Array("=;<>|#".utf8))
            defect = "syntax.brokenStructure"
        case 8: body = (0..<Int.random(in: 1...300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }; defect = "syntax.randomBytes"
        case 9: return HostileRequest("POST", Fixtures.subnetPath, body: [], defect: "syntax.emptyBody")
        case 10:
            let bytes = (0..<Int.random(in: 1...300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            return HostileRequest("POST", Fixtures.podPath, body: bytes, contentType: "application/vnd.kubernetes.protobuf", defect: "syntax.protobufGarbage")
        default: body = Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\"apiVersion\"", with: "apiVersion").utf8); defect = "syntax.unquotedKey"
        }
        return HostileRequest("POST", Fixtures.subnetPath, body: body, defect: defect)
    }
}
