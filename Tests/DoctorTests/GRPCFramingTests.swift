import Testing

@testable import Doctor

@Suite("gRPC framing and responses")
struct GRPCFramingTests {
    @Test("a message is prefixed with a zero flag and its big-endian length")
    func framePrefix() {
        let framed = GRPCMessageFraming.frame(Array(repeating: 7, count: 258))
        #expect(Array(framed.prefix(5)) == [0, 0, 0, 1, 2])
        #expect(framed.count == 263)
    }

    @Test("messages split across DATA frames and joined in one are reassembled")
    func deframerSplitsAndJoins() throws {
        let first = GRPCMessageFraming.frame([1, 2, 3]), second = GRPCMessageFraming.frame([]), third = GRPCMessageFraming.frame([9])
        let stream = first + second + third
        var deframer = GRPCMessageDeframer()
        var messages: [[UInt8]] = []
        // One byte at a time, then everything at once: the same messages.
        for byte in stream {
            deframer.append([byte])
            while let message = try deframer.nextMessage() { messages.append(message) }
        }
        #expect(messages == [[1, 2, 3], [], [9]])
        #expect(!deframer.hasPartialMessage)
        var whole = GRPCMessageDeframer()
        whole.append(stream)
        var again: [[UInt8]] = []
        while let message = try whole.nextMessage() { again.append(message) }
        #expect(again == messages)
    }

    @Test("a compressed message is refused")
    func compressedRefused() {
        var deframer = GRPCMessageDeframer()
        deframer.append([1, 0, 0, 0, 1, 0xff])
        #expect(throws: DoctorError.self) { try deframer.nextMessage() }
    }

    @Test("a message claiming more than the size limit is refused before buffering it")
    func oversizeRefused() {
        var deframer = GRPCMessageDeframer()
        deframer.append([0, 0x7f, 0xff, 0xff, 0xff])
        #expect(throws: DoctorError.self) { try deframer.nextMessage() }
    }

    static let okHeaders: [(name: String, value: String)] = [(":status", "200"), ("content-type", "application/grpc")]

    @Test("headers, data and OK trailers give the messages")
    func normalResponse() {
        var assembler = GRPCResponseAssembler()
        #expect(assembler.receiveHeaders(Self.okHeaders, endStream: false) == nil)
        let framed = GRPCMessageFraming.frame([0x0a, 0x00])
        #expect(assembler.receiveData(Array(framed.prefix(3)), endStream: false) == nil)
        #expect(assembler.receiveData(Array(framed.dropFirst(3)), endStream: false) == nil)
        #expect(assembler.receiveHeaders([("grpc-status", "0")], endStream: true) == .messages([[0x0a, 0x00]]))
    }

    @Test("a trailers-only NOT_FOUND gives the status with its percent-decoded message")
    func trailersOnly() {
        var assembler = GRPCResponseAssembler()
        let outcome = assembler.receiveHeaders(
            Self.okHeaders + [("grpc-status", "5"), ("grpc-message", "task%20t2%3A%20not%20found")], endStream: true)
        #expect(outcome == .failed(GRPCStatus(code: 5, message: "task t2: not found")))
        if case .failed(let status) = outcome {
            #expect(status.isNotFound)
            #expect(status.description == "NOT_FOUND: task t2: not found")
        }
    }

    @Test("answers that are not gRPC are reported as malformed", arguments: [
        [(":status", "404")] as [(String, String)],
        [(":status", "200"), ("content-type", "text/html")],
    ])
    func notGRPC(headers: [(String, String)]) {
        var assembler = GRPCResponseAssembler()
        let outcome = assembler.receiveHeaders(headers.map { (name: $0.0, value: $0.1) }, endStream: false)
        guard case .malformed = outcome else {
            Issue.record("expected malformed, got \(String(describing: outcome))")
            return
        }
    }

    @Test("trailers without grpc-status, data ending the stream, or an early close are malformed")
    func incompleteResponses() {
        var noStatus = GRPCResponseAssembler()
        _ = noStatus.receiveHeaders(Self.okHeaders, endStream: false)
        #expect(noStatus.receiveHeaders([("foo", "bar")], endStream: true) == .malformed("trailers without grpc-status"))

        var dataEnds = GRPCResponseAssembler()
        _ = dataEnds.receiveHeaders(Self.okHeaders, endStream: false)
        #expect(dataEnds.receiveData([], endStream: true) == .malformed("stream ended without grpc-status trailers"))

        var closed = GRPCResponseAssembler()
        _ = closed.receiveHeaders(Self.okHeaders, endStream: false)
        #expect(closed.streamClosed() != nil)
        #expect(closed.streamClosed() == nil, "an outcome is delivered once")

        var partial = GRPCResponseAssembler()
        _ = partial.receiveHeaders(Self.okHeaders, endStream: false)
        _ = partial.receiveData([0, 0, 0, 0, 4, 1], endStream: false)
        #expect(partial.receiveHeaders([("grpc-status", "0")], endStream: true) == .malformed("stream ended inside a message"))
    }

    @Test("grpc-timeout is in milliseconds with at most 8 digits")
    func grpcTimeoutHeader() {
        #expect(GRPCUnixConnection.grpcTimeout(.seconds(2)) == "2000m")
        #expect(GRPCUnixConnection.grpcTimeout(.milliseconds(250)) == "250m")
        #expect(GRPCUnixConnection.grpcTimeout(.seconds(1_000_000)) == "99999999m")
    }
}
