/// Builds one netlink request: header, fixed family header, then 4-byte-aligned attributes.
struct NetlinkRequest {
    private(set) var bytes: [UInt8]
    let type: UInt16

    init(type: UInt16, flags: UInt16) {
        self.type = type
        bytes = []
        bytes.reserveCapacity(256)
        append(UInt32(0))  // nlmsg_len, patched by `finish`
        append(type)
        append(flags | RTNL.flagRequest)
        append(UInt32(0))  // nlmsg_seq, set by `finish`
        append(UInt32(0))  // nlmsg_pid: 0, the kernel fills in the port
    }

    /// Appends `struct ifinfomsg`.
    mutating func appendLinkHeader(index: Int32 = 0, flags: UInt32 = 0, change: UInt32 = 0) {
        append(UInt8(0))  // ifi_family AF_UNSPEC
        append(UInt8(0))
        append(UInt16(0))  // ifi_type
        append(index)
        append(flags)
        append(change)
    }

    /// Appends `struct ifaddrmsg`.
    mutating func appendAddressHeader(family: UInt8, prefixLength: UInt8, flags: UInt8, scope: UInt8, index: Int32) {
        append(family)
        append(prefixLength)
        append(flags)
        append(scope)
        append(UInt32(bitPattern: index))
    }

    /// Appends `struct rtmsg`.
    mutating func appendRouteHeader(
        family: UInt8, destinationLength: UInt8, table: UInt8, protocol: UInt8, scope: UInt8, type: UInt8,
        flags: UInt32
    ) {
        append(family)
        append(destinationLength)
        append(UInt8(0))  // rtm_src_len
        append(UInt8(0))  // rtm_tos
        append(table)
        append(`protocol`)
        append(scope)
        append(type)
        append(flags)
    }

    mutating func addAttribute(_ type: UInt16, bytes payload: some Collection<UInt8>) {
        append(UInt16(RTNL.attributeHeaderSize + payload.count))
        append(type)
        bytes.append(contentsOf: payload)
        pad()
    }

    mutating func addAttribute(_ type: UInt16, uint32 value: UInt32) {
        withUnsafeBytes(of: value) { addAttribute(type, bytes: $0) }
    }

    /// A NUL-terminated string attribute such as `IFLA_IFNAME`.
    mutating func addAttribute(_ type: UInt16, string: String) {
        addAttribute(type, bytes: Array(string.utf8) + [0])
    }

    /// Opens a nested attribute; everything added until `endNested` goes inside it.
    mutating func beginNested(_ type: UInt16) -> Int {
        let start = bytes.count
        append(UInt16(0))
        append(type)
        return start
    }

    mutating func endNested(_ start: Int) {
        patch(UInt16(bytes.count - start), at: start)
    }

    /// Adds header flags, e.g. `NLM_F_ACK`.
    mutating func addFlags(_ flags: UInt16) {
        patch((bytes.netlinkInteger(UInt16.self, at: 6) ?? 0) | flags, at: 6)
    }

    /// Sets length and sequence number; returns the wire bytes.
    mutating func finish(sequence: UInt32) -> [UInt8] {
        patch(UInt32(bytes.count), at: 0)
        patch(sequence, at: 8)
        return bytes
    }

    private mutating func pad() {
        bytes.append(contentsOf: repeatElement(0, count: RTNL.align(bytes.count) - bytes.count))
    }

    private mutating func append<I: FixedWidthInteger>(_ value: I) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }  // host byte order, as netlink wants
    }

    private mutating func patch<I: FixedWidthInteger>(_ value: I, at offset: Int) {
        withUnsafeBytes(of: value) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }
}
