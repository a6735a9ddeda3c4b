/// One request the embedded API must refuse: whatever it is, the answer must be a 4xx with a
/// Kubernetes `Status` body, and nothing may change.
public struct HostileRequest: Sendable {
    public var method: String
    /// Path and query, already percent-encoded where needed (it may hold `%FF`).
    public var target: String
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// What is wrong with it, for the report (`subnet.cidrBlock`, `syntax.truncated`, …).
    public var defect: String
    /// Whether the request carries the right bearer token (auth defects do not).
    public var authenticated: Bool

    public init(_ method: String, _ target: String, body: [UInt8]? = nil, contentType: String? = "application/json",
                defect: String, authenticated: Bool = true, headers: [(String, String)] = []) {
        self.method = method
        self.target = target
        self.body = body
        self.defect = defect
        self.authenticated = authenticated
        self.headers = headers
        if body != nil, let contentType { self.headers.append(("Content-Type", contentType)) }
    }
}

/// How the API answered one hostile request.
public enum HostileOutcome: Sendable, Equatable {
    /// A 4xx with a `Status` whose `code` is the HTTP status.
    case refused(status: Int)
    /// Anything else: a 2xx/3xx/5xx, a body that is no `Status`, no answer in time, a broken connection.
    case mishandled(String)
}
