import Glibc

/// An open handle (file descriptor) on a Linux network namespace, e.g. a pod's `CNI_NETNS`.
///
/// Holding the handle keeps the namespace alive. Code never enters the namespace on the calling
/// thread: `runInside` does that on a dedicated OS thread, so Swift's cooperative threads stay put.
/// Sockets created there (netlink, `AF_INET`) stay bound to the namespace and may then be used
/// from any thread.
public final class NetworkNamespace: Sendable, CustomStringConvertible {
    /// The path the handle was opened from.
    public let path: String
    /// The open `O_RDONLY | O_CLOEXEC` descriptor; closed when the handle is released.
    public let fileDescriptor: Int32

    /// Opens a namespace file such as `/run/netns/NAME`, `/proc/PID/ns/net` or `/proc/self/ns/net`.
    /// Throws `.namespaceNotFound` naming the path when it does not exist.
    public init(path: String) throws(NetlinkError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = Glibc.errno
            if code == ENOENT { throw .namespaceNotFound(path: path) }
            throw .operationFailed(operation: "open network namespace \(path)", errno: code)
        }
        let type = LinuxNamespaceCalls.namespaceType(of: fd)
        guard type == LinuxNamespaceCalls.cloneNewNet else {
            close(fd)
            throw .notANetworkNamespace(path: path)
        }
        self.path = path
        self.fileDescriptor = fd
    }

    /// The namespace the process's main thread is in (`/proc/self/ns/net`).
    public static func current() throws(NetlinkError) -> NetworkNamespace {
        try NetworkNamespace(path: "/proc/self/ns/net")
    }

    /// A namespace created by `ip netns add NAME` (`/run/netns/NAME`).
    public static func named(_ name: String) throws(NetlinkError) -> NetworkNamespace {
        try NetworkNamespace(path: "/run/netns/\(name)")
    }

    deinit { close(fileDescriptor) }

    public var description: String { "netns \(path)" }

    /// Runs `body` on a new, dedicated OS thread that has entered this namespace, blocking the
    /// caller until it returns. Keep `body` short and synchronous: create sockets, then return them.
    public func runInside<T: Sendable>(
        _ body: @escaping @Sendable () throws(NetlinkError) -> T
    ) throws(NetlinkError) -> T {
        try DedicatedThread.run { () throws(NetlinkError) -> T in
            try self.enterOnCurrentThread()
            return try body()
        }
    }

    /// Runs `body` on a new, dedicated OS thread that has entered this namespace; the calling
    /// task suspends meanwhile (no cooperative thread blocks or changes namespace).
    public func runInside<T: Sendable>(
        _ body: @escaping @Sendable () throws(NetlinkError) -> T
    ) async throws(NetlinkError) -> T {
        try await DedicatedThread.run { () throws(NetlinkError) -> T in
            try self.enterOnCurrentThread()
            return try body()
        }
    }

    /// `setns` for the calling thread. Only ever called on a `DedicatedThread`, which then exits.
    private func enterOnCurrentThread() throws(NetlinkError) {
        guard LinuxNamespaceCalls.setns(fileDescriptor, LinuxNamespaceCalls.cloneNewNet) == 0 else {
            throw .lastError("enter network namespace \(path)")
        }
    }
}
