import Kube
import SCNetAPI
import Testing

@Suite("watch stream parsing")
struct WatchParserTests {
    static let stream = """
        {"type":"ADDED","object":{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"a","resourceVersion":"11"},"spec":{"cidrBlock":"10.0.0.0/24"}}}
        {"type":"MODIFIED","object":{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"a","resourceVersion":"12"},"spec":{"cidrBlock":"10.0.1.0/24"}}}
        {"type":"BOOKMARK","object":{"kind":"Subnet","apiVersion":"kubeovn.io/v1","metadata":{"resourceVersion":"15"}}}
        {"type":"DELETED","object":{"apiVersion":"kubeovn.io/v1","kind":"Subnet","metadata":{"name":"a","resourceVersion":"16"},"spec":{}}}
        {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (9)","reason":"Expired","code":410}}

        """

    func describe(_ event: WatchEvent<Subnet>) -> String {
        switch event {
        case .added(let s): "ADDED \(s.metadata.name)@\(s.metadata.resourceVersion ?? "") \(s.spec.cidrBlock ?? "")"
        case .modified(let s): "MODIFIED \(s.metadata.name)@\(s.metadata.resourceVersion ?? "") \(s.spec.cidrBlock ?? "")"
        case .deleted(let s): "DELETED \(s.metadata.name)@\(s.metadata.resourceVersion ?? "")"
        case .bookmark(let rv): "BOOKMARK @\(rv)"
        case .error(let status): "ERROR \(status.code ?? 0) \(status.reason ?? "")"
        }
    }

    func parse(chunks: [[UInt8]]) throws -> [String] {
        var splitter = WatchLineSplitter()
        var out: [String] = []
        for chunk in chunks {
            for line in try splitter.append(chunk) {
                out.append(describe(try WatchEventDecoder.decode(Subnet.self, line: line)))
            }
        }
        if let last = splitter.finish() { out.append(describe(try WatchEventDecoder.decode(Subnet.self, line: last))) }
        return out
    }

    static let expected = [
        "ADDED a@11 10.0.0.0/24", "MODIFIED a@12 10.0.1.0/24", "BOOKMARK @15", "DELETED a@16", "ERROR 410 Expired",
    ]

    @Test("every event type decodes, in order, from one chunk")
    func oneChunk() throws {
        #expect(try parse(chunks: [Array(Self.stream.utf8)]) == Self.expected)
    }

    @Test("events split across chunks at every byte position decode the same")
    func everySplit() throws {
        let bytes = Array(Self.stream.utf8)
        for cut in stride(from: 1, to: bytes.count, by: 7) {
            #expect(try parse(chunks: [Array(bytes[..<cut]), Array(bytes[cut...])]) == Self.expected, "cut at \(cut)")
        }
        #expect(try parse(chunks: bytes.map { [$0] }) == Self.expected)
    }

    @Test("a last event without a trailing newline is not lost")
    func noTrailingNewline() throws {
        var text = Self.stream
        while text.hasSuffix("\n") { text.removeLast() }
        #expect(try parse(chunks: [Array(text.utf8)]) == Self.expected)
    }

    @Test("an unknown event type is an error naming the event")
    func unknownType() {
        do {
            _ = try WatchEventDecoder.decode(Subnet.self, line: Array(#"{"type":"RENAMED","object":{}}"#.utf8))
            Issue.record("decoded an unknown event type")
        } catch {
            #expect(error.description.contains("RENAMED"))
        }
    }
}
