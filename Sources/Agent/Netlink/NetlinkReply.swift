/// One message received from the kernel: header fields and the payload after the 16-byte header.
struct NetlinkReply {
    let type: UInt16
    let flags: UInt16
    let sequence: UInt32
    let payload: [UInt8]

    /// Splits a datagram into messages, honouring `nlmsg_len` and 4-byte alignment.
    static func split(_ datagram: UnsafeRawBufferPointer, operation: String) throws(NetlinkError) -> [NetlinkReply] {
        var messages: [NetlinkReply] = []
        var offset = 0
        while offset + RTNL.headerSize <= datagram.count {
            let length = Int(datagram.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            guard length >= RTNL.headerSize, offset + length <= datagram.count else {
                throw .malformedReply(operation: operation, detail: "message length \(length) at offset \(offset)")
            }
            messages.append(
                NetlinkReply(
                    type: datagram.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self),
                    flags: datagram.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self),
                    sequence: datagram.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self),
                    payload: Array(datagram[(offset + RTNL.headerSize)..<(offset + length)])))
            offset += RTNL.align(length)
        }
        return messages
    }

    /// Reads a host-order integer from the payload, or nil if the payload is too short.
    func read<I: FixedWidthInteger>(_: I.Type, at offset: Int) -> I? {
        payload.netlinkInteger(I.self, at: offset)
    }

    /// The attributes after a fixed family header of `headerSize` bytes.
    func attributes(after headerSize: Int) -> NetlinkAttributes {
        NetlinkAttributes(payload, from: headerSize)
    }
}

/// The attributes (`struct rtattr`/`nlattr` TLVs) of a message or of a nested attribute.
struct NetlinkAttributes {
    private var values: [UInt16: ArraySlice<UInt8>] = [:]

    init(_ bytes: some RandomAccessCollection<UInt8>, from start: Int) {
        let buffer = Array(bytes)
        var offset = start
        while offset + RTNL.attributeHeaderSize <= buffer.count {
            guard let length = buffer.netlinkInteger(UInt16.self, at: offset).map(Int.init),
                let type = buffer.netlinkInteger(UInt16.self, at: offset + 2),
                length >= RTNL.attributeHeaderSize, offset + length <= buffer.count
            else { break }
            let key = type & RTNL.attributeTypeMask
            if values[key] == nil { values[key] = buffer[(offset + RTNL.attributeHeaderSize)..<(offset + length)] }
            offset += RTNL.align(length)
        }
    }

    subscript(type: UInt16) -> ArraySlice<UInt8>? { values[type] }

    func uint32(_ type: UInt16) -> UInt32? { values[type].flatMap { Array($0).netlinkInteger(UInt32.self, at: 0) } }

    /// A NUL-terminated string attribute.
    func string(_ type: UInt16) -> String? {
        values[type].map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    func nested(_ type: UInt16) -> NetlinkAttributes? { values[type].map { NetlinkAttributes($0, from: 0) } }
}

extension Array where Element == UInt8 {
    /// Reads a host-order integer at `offset`, or nil if out of bounds.
    func netlinkInteger<I: FixedWidthInteger>(_: I.Type, at offset: Int) -> I? {
        guard offset >= 0, offset + MemoryLayout<I>.size <= count else { return nil }
        return withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: I.self) }
    }
}
