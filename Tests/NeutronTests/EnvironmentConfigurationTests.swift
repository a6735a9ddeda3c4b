import Neutron
import Testing

/// `NeutronConfiguration.fromEnvironment`: the OS_* variables as the `openstack` CLI reads them.
@Suite("Configuration from OS_* variables")
struct EnvironmentConfigurationTests {
    @Test("a password openrc gives user, domains, project name, region and interface")
    func passwordOpenrc() throws {
        let config = try NeutronConfiguration.fromEnvironment([
            "OS_AUTH_URL": "http://keystone:5000/v3", "OS_USERNAME": "admin", "OS_PASSWORD": "pw",
            "OS_PROJECT_NAME": "demo", "OS_USER_DOMAIN_NAME": "Users", "OS_PROJECT_DOMAIN_NAME": "Projects",
            "OS_REGION_NAME": "RegionTwo", "OS_INTERFACE": "internal",
        ])
        guard case .keystone(let credentials, .catalog(let selector)) = config.authentication else {
            Issue.record("expected keystone with a catalog endpoint, got \(config.authentication)")
            return
        }
        #expect(credentials.authURL == "http://keystone:5000/v3")
        #expect(credentials.method == .password(.init(
            username: "admin", password: "pw", userDomainName: "Users", project: .name("demo", domainName: "Projects"))))
        #expect(selector == EndpointSelector(serviceType: "network", interface: "internal", region: "RegionTwo"))
    }

    @Test("application credentials win over a username, and --neutron-url fixes the endpoint")
    func applicationCredential() throws {
        let config = try NeutronConfiguration.fromEnvironment(
            ["OS_AUTH_URL": "http://k", "OS_USERNAME": "u", "OS_APPLICATION_CREDENTIAL_ID": "id",
             "OS_APPLICATION_CREDENTIAL_SECRET": "s"],
            overrides: .init(neutronURL: "http://neutron:9696"))
        guard case .keystone(let credentials, .fixed(let url)) = config.authentication else {
            Issue.record("expected keystone with a fixed endpoint, got \(config.authentication)")
            return
        }
        #expect(credentials.method == .applicationCredential(id: "id", secret: "s"))
        #expect(url == "http://neutron:9696")
    }

    @Test("noauth takes SCNET_NEUTRON_URL and the project id option")
    func noauth() throws {
        let config = try NeutronConfiguration.fromEnvironment(
            ["SCNET_NEUTRON_URL": "http://127.0.0.1:9696", "OS_PROJECT_ID": "ignored"],
            overrides: .init(noauth: true, projectID: "p1"))
        guard case .noauth(let url, let project) = config.authentication else {
            Issue.record("expected noauth, got \(config.authentication)")
            return
        }
        #expect(url == "http://127.0.0.1:9696" && project == "p1")
    }

    @Test("missing variables are errors naming the variable")
    func missing() {
        #expect(throws: NeutronClientError.invalidConfiguration(
            field: "OS_AUTH_URL",
            reason: "not set; set the OS_* variables of an openrc file, or use --noauth with --neutron-url")) {
            try NeutronConfiguration.fromEnvironment([:])
        }
        #expect(throws: NeutronClientError.invalidConfiguration(
            field: "OS_APPLICATION_CREDENTIAL_SECRET", reason: "not set while OS_APPLICATION_CREDENTIAL_ID is")) {
            try NeutronConfiguration.fromEnvironment(["OS_AUTH_URL": "http://k", "OS_APPLICATION_CREDENTIAL_ID": "i"])
        }
        #expect(throws: NeutronClientError.invalidConfiguration(
            field: "--neutron-url", reason: "noauth mode needs --neutron-url or SCNET_NEUTRON_URL")) {
            try NeutronConfiguration.fromEnvironment([:], overrides: .init(noauth: true))
        }
    }
}
