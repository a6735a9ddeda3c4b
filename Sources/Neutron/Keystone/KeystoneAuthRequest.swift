/// The JSON body of `POST /v3/auth/tokens` for a credential method.
struct KeystoneAuthRequest: Encodable {
    let credentials: KeystoneCredentials.Method

    private struct Name: Encodable { var name: String }
    private struct ID: Encodable { var id: String }

    func encode(to encoder: any Encoder) throws {
        var root = encoder.container(keyedBy: Key.self)
        var auth = root.nestedContainer(keyedBy: Key.self, forKey: "auth")
        var identity = auth.nestedContainer(keyedBy: Key.self, forKey: "identity")
        switch credentials {
        case .password(let p):
            try identity.encode(["password"], forKey: "methods")
            var password = identity.nestedContainer(keyedBy: Key.self, forKey: "password")
            var user = password.nestedContainer(keyedBy: Key.self, forKey: "user")
            try user.encode(p.username, forKey: "name")
            try user.encode(Name(name: p.userDomainName), forKey: "domain")
            try user.encode(p.password, forKey: "password")
            if let project = p.project {
                var scope = auth.nestedContainer(keyedBy: Key.self, forKey: "scope")
                var proj = scope.nestedContainer(keyedBy: Key.self, forKey: "project")
                switch project {
                case .id(let id):
                    try proj.encode(id, forKey: "id")
                case .name(let name, let domainName):
                    try proj.encode(name, forKey: "name")
                    try proj.encode(Name(name: domainName), forKey: "domain")
                }
            }
        case .applicationCredential(let id, let secret):
            try identity.encode(["application_credential"], forKey: "methods")
            var credential = identity.nestedContainer(keyedBy: Key.self, forKey: "application_credential")
            try credential.encode(id, forKey: "id")
            try credential.encode(secret, forKey: "secret")
        }
    }
}

/// A coding key spelled inline, for bodies whose keys are fixed strings.
struct Key: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { self.stringValue = value }
}
