import Glibc

/// An error from network plumbing: names the operation (and link or path) and the errno behind it.
public enum NetlinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The network namespace file does not exist, e.g. a stale `CNI_NETNS` path.
    case namespaceNotFound(path: String)
    /// The file exists but is not a network namespace (nsfs) file.
    case notANetworkNamespace(path: String)
    /// A system call or an rtnetlink request failed; `kernelMessage` is the extended ACK text, if any.
    case operationFailed(operation: String, errno: Int32, kernelMessage: String? = nil)
    /// No link with this name exists in the socket's network namespace.
    case linkNotFound(name: String)
    /// A caller-supplied value was rejected before anything was sent to the kernel.
    case invalidArgument(String)
    /// The kernel's reply could not be decoded.
    case malformedReply(operation: String, detail: String)

    /// The errno behind this error, when there is one (`ENOENT` for a missing namespace or link).
    public var errno: Int32? {
        switch self {
        case .namespaceNotFound, .linkNotFound: ENOENT
        case .notANetworkNamespace: EINVAL
        case .operationFailed(_, let code, _): code
        case .invalidArgument: EINVAL
        case .malformedReply: EPROTO
        }
    }

    public var description: String {
        switch self {
        case .namespaceNotFound(let path):
            "network namespace \(path) does not exist (ENOENT)"
        case .notANetworkNamespace(let path):
            "\(path) is not a network namespace"
        case .operationFailed(let operation, let code, let kernelMessage):
            "\(operation): \(ErrnoName.describe(code))" + (kernelMessage.map { " - \($0)" } ?? "")
        case .linkNotFound(let name):
            "link \(name) not found"
        case .invalidArgument(let detail):
            "invalid argument: \(detail)"
        case .malformedReply(let operation, let detail):
            "\(operation): malformed netlink reply: \(detail)"
        }
    }

    /// Builds `.operationFailed` from the current thread's `errno`.
    static func lastError(_ operation: String) -> NetlinkError {
        .operationFailed(operation: operation, errno: Glibc.errno)
    }
}
