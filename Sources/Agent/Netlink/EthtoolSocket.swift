import Glibc

/// An `AF_INET` datagram socket for ethtool ioctls (`SIOCETHTOOL`) on links of one network namespace.
///
/// Needed to turn TX checksum offload off on a pod's veth end (`ethtool -K eth0 tx off`): OVS's
/// userspace datapath forwards the veth's `CHECKSUM_PARTIAL` frames without completing their
/// checksums, so TCP and UDP would fail. Each call is one ioctl; safe to share between tasks.
public final class EthtoolSocket: Sendable {
    /// `SIOCETHTOOL` from `<linux/sockios.h>`.
    private static let siocEthtool: UInt = 0x8946
    /// `ETHTOOL_GTXCSUM` and `ETHTOOL_STXCSUM` from `<linux/ethtool.h>`.
    private static let getTransmitChecksum: UInt32 = 0x16
    private static let setTransmitChecksum: UInt32 = 0x17

    public let fileDescriptor: Int32
    /// The namespace path the socket was opened in; nil when opened in the current namespace.
    public let namespacePath: String?

    /// Opens the socket in the calling thread's current network namespace.
    public convenience init() throws(NetlinkError) {
        self.init(fileDescriptor: try Self.makeSocket(), namespacePath: nil)
    }

    /// Opens the socket inside `namespace`, creating it on a dedicated thread; blocks until done.
    public convenience init(in namespace: NetworkNamespace) throws(NetlinkError) {
        let fd = try namespace.runInside { () throws(NetlinkError) -> Int32 in try Self.makeSocket() }
        self.init(fileDescriptor: fd, namespacePath: namespace.path)
    }

    /// Opens the socket inside `namespace`, creating it on a dedicated thread; the task suspends meanwhile.
    public static func open(in namespace: NetworkNamespace) async throws(NetlinkError) -> EthtoolSocket {
        let fd = try await namespace.runInside { () throws(NetlinkError) -> Int32 in try makeSocket() }
        return EthtoolSocket(fileDescriptor: fd, namespacePath: namespace.path)
    }

    private init(fileDescriptor: Int32, namespacePath: String?) {
        self.fileDescriptor = fileDescriptor
        self.namespacePath = namespacePath
    }

    deinit { close(fileDescriptor) }

    private static func makeSocket() throws(NetlinkError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .lastError("open ethtool socket") }
        return fd
    }

    /// Whether TX checksum offload is on (`ETHTOOL_GTXCSUM`; `ethtool -k` "tx-checksumming").
    public func transmitChecksumOffload(interface: String) throws(NetlinkError) -> Bool {
        try ethtool(Self.getTransmitChecksum, value: 0, interface: interface, operation: "get tx checksum offload") != 0
    }

    /// Turns TX checksum offload on or off (`ETHTOOL_STXCSUM`); off also turns off TSO, which needs it.
    public func setTransmitChecksumOffload(_ enabled: Bool, interface: String) throws(NetlinkError) {
        let operation = "turn tx checksum offload \(enabled ? "on" : "off")"
        _ = try ethtool(Self.setTransmitChecksum, value: enabled ? 1 : 0, interface: interface, operation: operation)
    }

    /// Issues one `struct ethtool_value { u32 cmd; u32 data; }` command; returns `data`.
    private func ethtool(
        _ command: UInt32, value: UInt32, interface: String, operation: String
    ) throws(NetlinkError) -> UInt32 {
        let context = "\(operation) on \(interface)" + (namespacePath.map { " in \($0)" } ?? "")
        let name = Array(interface.utf8)
        guard !name.isEmpty, name.count < 16 else { throw .invalidArgument("link name \"\(interface)\"") }
        var request = ifreq()
        withUnsafeMutableBytes(of: &request.ifr_ifrn) { raw in
            for (index, byte) in name.enumerated() { raw[index] = byte }
        }
        var data: [UInt32] = [command, value]
        let result = data.withUnsafeMutableBytes { buffer in
            request.ifr_ifru.ifru_data = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            return ioctl(fileDescriptor, Self.siocEthtool, &request)
        }
        guard result == 0 else { throw .lastError(context) }
        return data[1]
    }
}
