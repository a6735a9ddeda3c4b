/// Everything that can go wrong while talking to containerd or cleaning up its tasks, or while
/// reaching the components `doctor pod` and `doctor cluster` examine.
///
/// Messages name the socket or object, the call and the reason, so an operator can act on them.
public enum DoctorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made to containerd's socket.
    case unreachable(socket: String, reason: String)
    /// A call did not complete before its deadline.
    case deadlineExceeded(call: String, socket: String, seconds: Double)
    /// containerd answered a call with a non-OK gRPC status.
    case callFailed(call: String, status: GRPCStatus)
    /// The bytes containerd sent were not a well-formed gRPC or protobuf answer.
    case malformedResponse(call: String, reason: String)
    /// A protobuf message could not be decoded.
    case malformedProtobuf(reason: String)
    /// A component (`Kubernetes API`, `OVN Northbound`…) at `address` could not be reached or did
    /// not answer in time.
    case componentUnreachable(component: String, address: String, reason: String)
    /// A setting is missing or malformed (`field` names the option or variable).
    case invalidConfiguration(field: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let socket, let reason):
            return "containerd at \(socket) cannot be reached: \(reason)"
        case .deadlineExceeded(let call, let socket, let seconds):
            return "containerd at \(socket) did not answer \(call) within \(formatSeconds(seconds))"
        case .callFailed(let call, let status):
            return "containerd refused \(call): \(status)"
        case .malformedResponse(let call, let reason):
            return "containerd's answer to \(call) is malformed: \(reason)"
        case .malformedProtobuf(let reason):
            return "malformed protobuf message: \(reason)"
        case .componentUnreachable(let component, let address, let reason):
            return "\(component) at \(address) cannot be reached: \(reason)"
        case .invalidConfiguration(let field, let reason):
            return "\(field): \(reason)"
        }
    }

    /// Whether this error says containerd itself is not there (as opposed to one call failing).
    public var meansUnreachable: Bool {
        switch self {
        case .unreachable, .componentUnreachable: return true
        default: return false
        }
    }
}

/// Durations for people: "2s", "2.25s", "12ms".
func formatSeconds(_ seconds: Double) -> String {
    if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
    if seconds == seconds.rounded() { return "\(Int(seconds))s" }
    return "\((seconds * 100).rounded() / 100)s"
}
