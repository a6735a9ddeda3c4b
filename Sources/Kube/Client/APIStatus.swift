/// A Kubernetes `Status` object (`kind: Status`), as the API server sends it for failures and
/// some deletes, plus the request it answered.
public struct APIStatus: Sendable, Hashable, Decodable {
    /// One reason a request was refused (`details.causes[]`), e.g. field `spec.cidrBlock`.
    public struct Cause: Sendable, Hashable, Decodable {
        public var reason: String?
        public var field: String?
        public var message: String?

        public init(reason: String? = nil, field: String? = nil, message: String? = nil) {
            self.reason = reason
            self.field = field
            self.message = message
        }
    }

    /// `details`: which object the status is about.
    public struct Details: Sendable, Hashable, Decodable {
        public var name: String?
        public var group: String?
        public var kind: String?
        public var uid: String?
        public var causes: [Cause]?
        public var retryAfterSeconds: Int?
    }

    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    /// Machine-readable: `NotFound`, `Conflict`, `AlreadyExists`, `Invalid`, `Expired`, `Gone`…
    public var reason: String?
    public var code: Int?
    public var details: Details?
    /// The request it answered, e.g. `GET /apis/kubeovn.io/v1/subnets/s1`; set by the client.
    public var request: String?

    enum CodingKeys: String, CodingKey { case status, message, reason, code, details }

    public init(
        code: Int, reason: String? = nil, message: String? = nil, details: Details? = nil, request: String? = nil
    ) {
        self.status = "Failure"
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.request = request
    }

    /// The causes of an `Invalid` refusal, or none.
    public var causes: [Cause] { details?.causes ?? [] }
}

extension APIStatus.Details {
    public init(name: String? = nil, group: String? = nil, kind: String? = nil, causes: [APIStatus.Cause]? = nil) {
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
    }
}
