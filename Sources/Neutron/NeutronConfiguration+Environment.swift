/// Builds a configuration the way the `openstack` CLI reads its environment.
extension NeutronConfiguration {
    /// Explicit settings that win over the environment (command-line options).
    public struct Overrides: Sendable {
        /// A fixed Neutron URL (`--neutron-url`); with Keystone it replaces the catalog lookup.
        public var neutronURL: String?
        /// Talk to a noauth Neutron (`--noauth`).
        public var noauth: Bool
        /// The project put into create bodies in noauth mode (`--project-id`).
        public var projectID: String?

        public init(neutronURL: String? = nil, noauth: Bool = false, projectID: String? = nil) {
            self.neutronURL = neutronURL
            self.noauth = noauth
            self.projectID = projectID
        }
    }

    /// Reads `OS_AUTH_URL`, `OS_USERNAME`, `OS_PASSWORD`, `OS_PROJECT_ID` / `OS_PROJECT_NAME`,
    /// `OS_USER_DOMAIN_NAME`, `OS_PROJECT_DOMAIN_NAME`, `OS_REGION_NAME`, `OS_INTERFACE`,
    /// `OS_APPLICATION_CREDENTIAL_ID` / `_SECRET`; in noauth mode `SCNET_NEUTRON_URL` and the
    /// project id (`--project-id`, else `OS_PROJECT_ID`, else `scnet`).
    public static func fromEnvironment(
        _ env: [String: String], overrides: Overrides = Overrides()
    ) throws(NeutronClientError) -> NeutronConfiguration {
        func value(_ name: String) -> String? {
            guard let v = env[name], !v.isEmpty else { return nil }
            return v
        }
        if overrides.noauth {
            guard let url = overrides.neutronURL ?? value("SCNET_NEUTRON_URL") else {
                throw .invalidConfiguration(
                    field: "--neutron-url", reason: "noauth mode needs --neutron-url or SCNET_NEUTRON_URL")
            }
            let project = overrides.projectID ?? value("OS_PROJECT_ID") ?? "scnet"
            return NeutronConfiguration(authentication: .noauth(endpoint: url, projectID: project))
        }
        guard let authURL = value("OS_AUTH_URL") else {
            throw .invalidConfiguration(
                field: "OS_AUTH_URL",
                reason: "not set; set the OS_* variables of an openrc file, or use --noauth with --neutron-url")
        }
        let method: KeystoneCredentials.Method
        if let id = value("OS_APPLICATION_CREDENTIAL_ID") {
            guard let secret = value("OS_APPLICATION_CREDENTIAL_SECRET") else {
                throw .invalidConfiguration(
                    field: "OS_APPLICATION_CREDENTIAL_SECRET", reason: "not set while OS_APPLICATION_CREDENTIAL_ID is")
            }
            method = .applicationCredential(id: id, secret: secret)
        } else {
            guard let username = value("OS_USERNAME") else {
                throw .invalidConfiguration(
                    field: "OS_USERNAME", reason: "not set (nor OS_APPLICATION_CREDENTIAL_ID)")
            }
            guard let password = value("OS_PASSWORD") else {
                throw .invalidConfiguration(field: "OS_PASSWORD", reason: "not set for user \(username)")
            }
            let project: KeystoneCredentials.ProjectScope?
            if let id = value("OS_PROJECT_ID") ?? value("OS_TENANT_ID") {
                project = .id(id)
            } else if let name = value("OS_PROJECT_NAME") ?? value("OS_TENANT_NAME") {
                project = .name(name, domainName: value("OS_PROJECT_DOMAIN_NAME") ?? "Default")
            } else {
                project = nil
            }
            method = .password(
                .init(username: username, password: password,
                      userDomainName: value("OS_USER_DOMAIN_NAME") ?? "Default", project: project))
        }
        let endpoint: EndpointChoice = overrides.neutronURL.map { .fixed($0) }
            ?? .catalog(EndpointSelector(interface: value("OS_INTERFACE") ?? "public", region: value("OS_REGION_NAME")))
        return NeutronConfiguration(
            authentication: .keystone(KeystoneCredentials(authURL: authURL, method: method), endpoint: endpoint))
    }
}
