import CNI

/// Why the agent could not do what a CNI call asked; each case maps to a CNI error code.
public enum AgentError: Error, CustomStringConvertible, Sendable {
    case invalidRequest(String)
    case invalidConfig(String)
    case podNotAnnotated(String)
    case portNotInstalled(String)
    case plumbing(String)
    case checkFailed(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalidRequest(let m), .invalidConfig(let m), .podNotAnnotated(let m), .portNotInstalled(let m),
             .plumbing(let m), .checkFailed(let m), .unavailable(let m):
            return m
        }
    }

    /// The CNI error code for this failure.
    public var code: Int {
        switch self {
        case .invalidRequest: return CNIError.Code.invalidEnvironment
        case .invalidConfig: return CNIError.Code.invalidNetworkConfig
        case .podNotAnnotated: return CNIError.Code.podNotAnnotated
        case .portNotInstalled: return CNIError.Code.portNotInstalled
        case .plumbing: return CNIError.Code.ioFailure
        case .checkFailed: return CNIError.Code.checkFailed
        case .unavailable: return CNIError.Code.tryAgainLater
        }
    }
}
