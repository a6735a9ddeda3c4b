/// The parts of a kubeconfig file (`~/.kube/config`) scnet reads, as written by kubectl.
struct KubeconfigFile: Decodable {
    struct Named<T: Decodable>: Decodable {
        var name: String
        var value: T?

        enum CodingKeys: String, CodingKey { case name, cluster, user, context }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            value =
                try c.decodeIfPresent(T.self, forKey: .cluster) ?? c.decodeIfPresent(T.self, forKey: .user)
                ?? c.decodeIfPresent(T.self, forKey: .context)
        }
    }

    struct Cluster: Decodable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
        }
    }

    struct User: Decodable {
        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        /// Only whether they are present: scnet runs no credential plugins.
        var exec: IgnoredValue?
        var authProvider: IgnoredValue?

        enum CodingKeys: String, CodingKey {
            case token
            case tokenFile = "tokenFile"
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case exec
            case authProvider = "auth-provider"
        }
    }

    struct Context: Decodable {
        var cluster: String?
        var user: String?
        var namespace: String?
    }

    var currentContext: String?
    var clusters: [Named<Cluster>]?
    var users: [Named<User>]?
    var contexts: [Named<Context>]?

    enum CodingKeys: String, CodingKey {
        case currentContext = "current-context"
        case clusters, users, contexts
    }
}

/// A kubeconfig value whose content does not matter, only its presence.
struct IgnoredValue: Decodable {
    init(from decoder: any Decoder) throws {}
}
