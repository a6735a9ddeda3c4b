import NIOCore

/// Splits a byte stream into complete JSON texts and parses each one.
///
/// OVSDB's JSON-RPC is not newline-delimited: a message ends where its outermost `{…}` or
/// `[…]` closes. The framer remembers how far it has scanned, the bracket depth and whether it
/// is inside a string (and just after a backslash), so every byte is looked at once even when a
/// message arrives in many chunks.
public struct JSONStreamFramer: ByteToMessageDecoder {
    public typealias InboundOut = JSON

    /// Largest message accepted; a bigger one is a protocol error (a runaway peer).
    public let maximumMessageBytes: Int
    private var scanned = 0
    private var depth = 0
    private var inString = false
    private var afterBackslash = false

    public init(maximumMessageBytes: Int = 256 << 20) {
        self.maximumMessageBytes = maximumMessageBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try nextMessage(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(value))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let value = try nextMessage(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(value))
        }
        return .needMoreData
    }

    /// Consumes and returns the next complete JSON text in `buffer`, or nil when it is incomplete.
    public mutating func nextMessage(from buffer: inout ByteBuffer) throws -> JSON? {
        let end: Int? = buffer.withUnsafeReadableBytes { bytes in
            var i = scanned
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                if inString {
                    if afterBackslash { afterBackslash = false }
                    else if b == UInt8(ascii: "\\") { afterBackslash = true }
                    else if b == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i }
                case 0x20, 0x0A, 0x0D, 0x09:
                    if depth == 0 {
                        // Whitespace between messages: drop it from the front.
                        continue
                    }
                default: break
                }
            }
            scanned = i
            return nil
        }
        guard let end else {
            if buffer.readableBytes > maximumMessageBytes {
                throw OVSDBError.malformedJSON("message larger than \(maximumMessageBytes) bytes")
            }
            return nil
        }
        scanned = 0
        let value = try buffer.withUnsafeReadableBytes { bytes throws(OVSDBError) in
            var parser = JSONParser(bytes: UnsafeBufferPointer(rebasing: bytes.bindMemory(to: UInt8.self)[0..<end]))
            let value = try parser.parseValue()
            parser.skipWhitespace()
            guard parser.index == end else { throw parser.failure("trailing characters") }
            return value
        }
        buffer.moveReaderIndex(forwardBy: end)
        return value
    }
}
