/// Cuts a byte stream into newline-terminated lines, whatever the chunk boundaries: a watch
/// event may arrive split across chunks, or several in one chunk.
public struct WatchLineSplitter: Sendable {
    private var partial: [UInt8] = []
    /// A line longer than this is an error (a runaway stream), not a buffer that grows forever.
    public let maxLineBytes: Int

    public init(maxLineBytes: Int = 64 * 1024 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    /// Appends a chunk and returns the lines it completed (without `\n`; empty lines skipped).
    public mutating func append(_ bytes: some Sequence<UInt8>) throws(KubeError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if !partial.allSatisfy(Self.isSpace) { lines.append(partial) }
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
                if partial.count > maxLineBytes {
                    throw .undecodable(
                        request: "watch", what: "a watch event", reason: "longer than \(maxLineBytes) bytes without a newline")
                }
            }
        }
        return lines
    }

    /// At the end of the stream: the last line if it had no trailing newline.
    public mutating func finish() -> [UInt8]? {
        defer { partial.removeAll() }
        return partial.allSatisfy(Self.isSpace) ? nil : partial
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t")
    }
}
