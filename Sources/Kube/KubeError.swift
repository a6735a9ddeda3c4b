/// Everything the `Kube` module can fail with. API refusals carry the server's ``APIStatus``
/// (with the request they answered); the message names the request, the object and the reason.
public enum KubeError: Error, Sendable, CustomStringConvertible {
    /// 404: the object (or the resource type) does not exist.
    case notFound(APIStatus)
    /// 409 `Conflict`: a stale `resourceVersion` (read again, reapply, retry).
    case conflict(APIStatus)
    /// 409 `AlreadyExists`: create of a name that is taken.
    case alreadyExists(APIStatus)
    /// 422 `Invalid` (or 400 `BadRequest`): the object was refused; see `causes`.
    case invalid(APIStatus)
    /// 410 `Gone`/`Expired`: the resourceVersion or continue token is too old; list again.
    case gone(APIStatus)
    /// 403: the identity may not do this.
    case forbidden(APIStatus)
    /// 401: no or a wrong identity.
    case unauthorized(APIStatus)
    /// Any other refusal (5xx, 415, 429…).
    case other(APIStatus)
    /// The server could not be reached or the connection broke (request, reason).
    case transport(request: String, reason: String)
    /// An answer did not decode (request, what, reason).
    case undecodable(request: String, what: String, reason: String)
    /// A kubeconfig or service-account problem, already phrased for an operator.
    case configuration(String)

    /// Maps a failed answer's HTTP code and Status body to a case.
    public static func from(status: APIStatus) -> KubeError {
        switch (status.code ?? 0, status.reason ?? "") {
        case (404, _), (_, "NotFound"): return .notFound(status)
        case (_, "AlreadyExists"): return .alreadyExists(status)
        case (409, _), (_, "Conflict"): return .conflict(status)
        case (422, _), (_, "Invalid"): return .invalid(status)
        case (410, _), (_, "Expired"), (_, "Gone"): return .gone(status)
        case (403, _), (_, "Forbidden"): return .forbidden(status)
        case (401, _), (_, "Unauthorized"): return .unauthorized(status)
        default: return .other(status)
        }
    }

    /// The server's Status, for API refusals.
    public var status: APIStatus? {
        switch self {
        case .notFound(let s), .conflict(let s), .alreadyExists(let s), .invalid(let s), .gone(let s),
            .forbidden(let s), .unauthorized(let s), .other(let s):
            return s
        case .transport, .undecodable, .configuration: return nil
        }
    }

    public var isNotFound: Bool { if case .notFound = self { true } else { false } }
    public var isConflict: Bool { if case .conflict = self { true } else { false } }
    public var isAlreadyExists: Bool { if case .alreadyExists = self { true } else { false } }
    public var isGone: Bool { if case .gone = self { true } else { false } }

    public var description: String {
        switch self {
        case .transport(let request, let reason): return "\(request): cannot reach the API server: \(reason)"
        case .undecodable(let request, let what, let reason): return "\(request): \(what) did not decode: \(reason)"
        case .configuration(let message): return message
        default: break
        }
        guard let s = status else { return "unknown error" }
        let label: String
        switch self {
        case .notFound: label = "not found"
        case .conflict: label = "conflict"
        case .alreadyExists: label = "already exists"
        case .invalid: label = "invalid"
        case .gone: label = "gone (resource version too old)"
        case .forbidden: label = "forbidden"
        case .unauthorized: label = "unauthorized"
        default: label = s.reason ?? "failed"
        }
        var text = (s.request.map { "\($0): " } ?? "") + "\(s.code ?? 0) \(label)"
        if let message = s.message, !message.isEmpty { text += ": \(message)" }
        let causes = s.causes.filter { cause in
            // kube-apiserver's message often already lists the causes; repeat only what it lacks.
            !(s.message ?? "").contains(cause.message ?? "\u{0}")
        }
        for cause in causes {
            text += "\n  - " + [cause.field, cause.message ?? cause.reason].compactMap { $0 }.joined(separator: ": ")
        }
        return text
    }
}
