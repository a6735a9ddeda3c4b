/// gRPC's message framing on an HTTP/2 stream: each message is a 1-byte compressed flag, a
/// 4-byte big-endian length and the protobuf bytes. HTTP/2 DATA frames may split or join
/// messages freely, so the deframer buffers until a whole message is there.
public enum GRPCMessageFraming {
    /// Messages larger than this are refused rather than buffered (containerd's own default limit).
    public static let maximumMessageSize = 16 * 1024 * 1024

    /// One uncompressed message with its 5-byte prefix.
    public static func frame(_ message: [UInt8]) -> [UInt8] {
        let length = UInt32(message.count)
        var framed: [UInt8] = [0]
        framed.reserveCapacity(5 + message.count)
        for shift in stride(from: 24, through: 0, by: -8) { framed.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        framed.append(contentsOf: message)
        return framed
    }
}

/// Reassembles length-prefixed gRPC messages from the bytes of DATA frames.
public struct GRPCMessageDeframer: Sendable {
    private var buffer: [UInt8] = []

    public init() {}

    /// Whether bytes of an incomplete message are waiting for more.
    public var hasPartialMessage: Bool { !buffer.isEmpty }

    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// The next complete message, or nil when more bytes are needed.
    public mutating func nextMessage() throws -> [UInt8]? {
        guard buffer.count >= 5 else { return nil }
        guard buffer[0] == 0 else {
            throw DoctorError.malformedProtobuf(
                reason: "gRPC message is compressed (flag \(buffer[0])) although no compression was offered")
        }
        let length = buffer[1...4].reduce(0) { $0 << 8 | Int($1) }
        guard length <= GRPCMessageFraming.maximumMessageSize else {
            throw DoctorError.malformedProtobuf(
                reason: "gRPC message of \(length) bytes exceeds the \(GRPCMessageFraming.maximumMessageSize)-byte limit")
        }
        guard buffer.count >= 5 + length else { return nil }
        let message = Array(buffer[5..<(5 + length)])
        buffer.removeFirst(5 + length)
        return message
    }
}
