import Glibc
import Synchronization

/// An rtnetlink (`NETLINK_ROUTE`) socket bound to one network namespace.
///
/// All requests act in the namespace the socket was created in, whichever thread sends them.
/// Safe to share between tasks: each request/reply exchange holds a lock, so requests from
/// concurrent tasks are serialized on this socket (open more sockets for more parallelism).
/// Calls block the calling thread for the duration of one kernel request (microseconds to a
/// few milliseconds under `rtnl_lock` contention).
public final class NetlinkSocket: Sendable {
    /// The socket's file descriptor; closed when the socket is released.
    public let fileDescriptor: Int32
    /// The namespace path the socket was opened in; nil when opened in the current namespace.
    public let namespacePath: String?
    /// Next sequence number; held for a whole exchange so replies cannot interleave.
    private let sequence: Mutex<UInt32>

    private static let receiveBufferSize = 64 * 1024
    private static let maximumDumpAttempts = 5

    /// Opens a socket in the calling thread's current network namespace (no thread switch).
    public convenience init() throws(NetlinkError) {
        try self.init(fileDescriptor: Self.makeSocket(), namespace: nil)
    }

    /// Opens a socket inside `namespace`, creating it on a dedicated thread; blocks until done.
    public convenience init(in namespace: NetworkNamespace) throws(NetlinkError) {
        let fd = try namespace.runInside { () throws(NetlinkError) -> Int32 in try Self.makeSocket() }
        self.init(fileDescriptor: fd, namespace: namespace.path)
    }

    /// Opens a socket inside `namespace`, creating it on a dedicated thread; the task suspends meanwhile.
    public static func open(in namespace: NetworkNamespace) async throws(NetlinkError) -> NetlinkSocket {
        let fd = try await namespace.runInside { () throws(NetlinkError) -> Int32 in try makeSocket() }
        return NetlinkSocket(fileDescriptor: fd, namespace: namespace.path)
    }

    private init(fileDescriptor: Int32, namespace: String?) {
        self.fileDescriptor = fileDescriptor
        self.namespacePath = namespace
        // Start from a varying number so replies to an earlier owner of the fd number never match.
        self.sequence = Mutex(UInt32(truncatingIfNeeded: time(nil)) &* 2_654_435_761)
    }

    deinit { close(fileDescriptor) }

    /// Creates the socket in the calling thread's namespace, with extended ACKs (kernel error text)
    /// and capped ACKs (the kernel does not echo the whole request back in errors).
    static func makeSocket() throws(NetlinkError) -> Int32 {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), RTNL.netlinkRoute)
        guard fd >= 0 else { throw .lastError("open netlink socket") }
        var on: Int32 = 1
        _ = setsockopt(fd, RTNL.solNetlink, RTNL.netlinkExtAck, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, RTNL.solNetlink, RTNL.netlinkCapAck, &on, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Sends a request with `NLM_F_ACK` and waits for the kernel's acknowledgement; returns any
    /// messages that came before it (e.g. the link for `RTM_GETLINK`).
    @discardableResult
    func acknowledged(
        _ request: NetlinkRequest, operation: String, namingNamespace: Bool = true
    ) throws(NetlinkError) -> [NetlinkReply] {
        var request = request
        request.addFlags(RTNL.flagAck)
        return try exchange(request, operation: namingNamespace ? inNamespace(operation) : operation).messages
    }

    /// Sends an `NLM_F_DUMP` request and collects every reply message until `NLMSG_DONE`,
    /// retrying when the kernel flags the dump as interrupted by a concurrent change.
    func dump(_ request: NetlinkRequest, operation: String) throws(NetlinkError) -> [NetlinkReply] {
        let operation = inNamespace(operation)
        for _ in 1..<Self.maximumDumpAttempts {
            let result = try exchange(request, operation: operation)
            if !result.interrupted { return result.messages }
        }
        let result = try exchange(request, operation: operation)
        guard !result.interrupted else {
            throw .operationFailed(operation: operation, errno: EINTR, kernelMessage: "dump kept being interrupted")
        }
        return result.messages
    }

    /// Names the namespace in error messages of sockets opened inside one.
    private func inNamespace(_ operation: String) -> String {
        namespacePath.map { "\(operation) in \($0)" } ?? operation
    }

    private func exchange(
        _ request: NetlinkRequest, operation: String
    ) throws(NetlinkError) -> (messages: [NetlinkReply], interrupted: Bool) {
        let outcome: Result<([NetlinkReply], Bool), NetlinkError> = sequence.withLock { next in
            next &+= 1
            let sequence = next
            var request = request
            let wire = request.finish(sequence: sequence)
            do throws(NetlinkError) {
                try send(wire, operation: operation)
                return .success(try receive(sequence: sequence, operation: operation))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private func send(_ wire: [UInt8], operation: String) throws(NetlinkError) {
        while true {
            let sent = wire.withUnsafeBytes { Glibc.send(fileDescriptor, $0.baseAddress, $0.count, 0) }
            if sent == wire.count { return }
            if sent < 0 && Glibc.errno == EINTR { continue }
            throw sent < 0 ? .lastError(operation) : .operationFailed(operation: operation, errno: EMSGSIZE)
        }
    }

    /// Reads datagrams until the `NLMSG_ERROR` (ACK or error) or `NLMSG_DONE` for `sequence`.
    private func receive(sequence: UInt32, operation: String) throws(NetlinkError) -> ([NetlinkReply], Bool) {
        var collected: [NetlinkReply] = []
        var interrupted = false
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.receiveBufferSize, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            var sender = sockaddr_storage()
            var senderLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let received = withUnsafeMutablePointer(to: &sender) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fileDescriptor, buffer.baseAddress, buffer.count, Int32(MSG_TRUNC), $0, &senderLength)
                }
            }
            if received < 0 {
                if Glibc.errno == EINTR { continue }
                throw .lastError(operation)
            }
            guard received <= buffer.count else {
                throw .malformedReply(operation: operation, detail: "reply of \(received) bytes truncated")
            }
            // Only the kernel (port id 0) may answer; ignore anything a process sent us.
            let senderPort = withUnsafeBytes(of: &sender) { $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self) }
            guard senderPort == 0 else { continue }
            let datagram = UnsafeRawBufferPointer(rebasing: buffer[0..<received])
            for message in try NetlinkReply.split(datagram, operation: operation) where message.sequence == sequence {
                if message.flags & RTNL.flagDumpInterrupted != 0 { interrupted = true }
                switch message.type {
                case RTNL.nlmsgError:
                    try Self.checkAcknowledgement(message, operation: operation)
                    return (collected, interrupted)
                case RTNL.nlmsgDone:
                    let code: Int32 = message.read(Int32.self, at: 0) ?? 0
                    if code < 0 { throw NetlinkError.operationFailed(operation: operation, errno: -code) }
                    return (collected, interrupted)
                default:
                    collected.append(message)
                }
            }
        }
    }

    /// Decodes `struct nlmsgerr`: error 0 is an ACK; otherwise throws with the extended-ACK text.
    private static func checkAcknowledgement(_ message: NetlinkReply, operation: String) throws(NetlinkError) {
        guard let code = message.read(Int32.self, at: 0) else {
            throw .malformedReply(operation: operation, detail: "short NLMSG_ERROR")
        }
        guard code != 0 else { return }
        var kernelMessage: String?
        if message.flags & RTNL.flagAckTLVs != 0 {
            // After the error code comes the offending request: its header only when capped.
            let echoedLength: Int
            if message.flags & RTNL.flagCapped != 0 {
                echoedLength = RTNL.headerSize
            } else {
                echoedLength = Int(message.read(UInt32.self, at: 4) ?? UInt32(RTNL.headerSize))
            }
            let attributes = message.attributes(after: 4 + RTNL.align(echoedLength))
            kernelMessage = attributes.string(RTNL.errorAttributeMessage)
        }
        throw .operationFailed(operation: operation, errno: -code, kernelMessage: kernelMessage)
    }
}
