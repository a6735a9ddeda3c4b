/// What Keystone v3 needs to issue a token: the identity endpoint and one auth method.
public struct KeystoneCredentials: Sendable, Equatable {
    /// A password user, scoped to a project.
    public struct Password: Sendable, Equatable {
        public var username: String
        public var password: String
        public var userDomainName: String
        public var project: ProjectScope?

        public init(username: String, password: String, userDomainName: String = "Default", project: ProjectScope?) {
            self.username = username
            self.password = password
            self.userDomainName = userDomainName
            self.project = project
        }
    }

    /// The project a password token is scoped to.
    public enum ProjectScope: Sendable, Equatable {
        case id(String)
        case name(String, domainName: String)
    }

    /// How to authenticate. Application credentials carry their own scope.
    public enum Method: Sendable, Equatable {
        case password(Password)
        case applicationCredential(id: String, secret: String)
    }

    /// `OS_AUTH_URL`, e.g. `http://keystone:5000/v3` (a missing `/v3` is added).
    public var authURL: String
    public var method: Method
    /// Renew the token when less than this is left before `expires_at`.
    public var renewBefore: Duration

    public init(authURL: String, method: Method, renewBefore: Duration = .seconds(300)) {
        self.authURL = authURL
        self.method = method
        self.renewBefore = renewBefore
    }

    /// `<authURL>/v3/auth/tokens`.
    var tokensURL: String {
        var base = authURL
        while base.hasSuffix("/") { base.removeLast() }
        if !base.hasSuffix("/v3") { base += "/v3" }
        return base + "/auth/tokens"
    }
}
