import ArgumentParser
import AsyncHTTPClient
import Foundation
import Neutron

/// `scnet neutron …`: read-only views of Neutron for operators, configured like the
/// `openstack` CLI (OS_* variables) or, for a noauth server, by `--neutron-url --noauth`.
struct NeutronCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neutron",
        abstract: "Show Neutron networks, routers and floating IPs.",
        discussion: """
            Keystone: set OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME (or OS_PROJECT_ID), \
            OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME, OS_REGION_NAME, OS_INTERFACE, or \
            OS_APPLICATION_CREDENTIAL_ID/SECRET. A noauth server: --noauth --neutron-url URL \
            (or SCNET_NEUTRON_URL) --project-id ID.
            """,
        subcommands: [Networks.self, Routers.self, FloatingIPs.self])
}

/// How to reach Neutron; shared by the subcommands.
struct NeutronConnectionOptions: ParsableArguments {
    @Option(name: .customLong("neutron-url"), help: "Neutron URL (default: SCNET_NEUTRON_URL in noauth mode, else the Keystone catalog).")
    var neutronURL: String?

    @Flag(help: "Talk to a Neutron with auth_strategy = noauth.")
    var noauth = false

    @Option(name: .customLong("project-id"), help: "Project id for noauth mode (default: OS_PROJECT_ID, else scnet).")
    var projectID: String?

    @Option(help: "Seconds to wait for each answer.")
    var timeout: Int = 30

    /// Runs `body` with a client, shutting the HTTP client down afterwards.
    func withClient<T>(_ body: (NeutronClient) async throws -> T) async throws -> T {
        var configuration = try NeutronConfiguration.fromEnvironment(
            ProcessInfo.processInfo.environment,
            overrides: .init(neutronURL: neutronURL, noauth: noauth, projectID: projectID))
        configuration.requestTimeout = .seconds(timeout)
        let http = NeutronClient.makeHTTPClient()
        do {
            let result = try await body(NeutronClient(configuration: configuration, httpClient: http))
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

extension NeutronCommand {
    struct Networks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List networks.")

        @OptionGroup var connection: NeutronConnectionOptions

        @Flag(help: "Only external networks (router:external), where floating IPs come from.")
        var external = false

        func run() async throws {
            let networks = try await connection.withClient { try await $0.networks(external: external ? true : nil) }
            var table = TextTable("ID", "NAME", "EXTERNAL", "TYPE", "STATUS", "SUBNETS", "PROJECT")
            for n in networks.sorted(by: { $0.name < $1.name }) {
                table.add(
                    n.id, n.name, n.routerExternal == true ? "yes" : "no",
                    [n.providerNetworkType, n.providerPhysicalNetwork].compactMap { $0 }.joined(separator: "/"),
                    n.status ?? "", String((n.subnets ?? []).count), n.projectID ?? "")
            }
            print(table.rendered)
        }
    }

    struct Routers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List routers (VPCs) and their gateways.")

        @OptionGroup var connection: NeutronConnectionOptions

        func run() async throws {
            let routers = try await connection.withClient { try await $0.routers() }
            var table = TextTable("ID", "NAME", "STATUS", "GATEWAY NETWORK", "GATEWAY IP", "SNAT", "PROJECT")
            for r in routers.sorted(by: { $0.name < $1.name }) {
                let gateway = r.externalGatewayInfo
                table.add(
                    r.id, r.name, r.status ?? "", gateway?.networkID ?? "-",
                    (gateway?.externalFixedIPs ?? []).compactMap(\.ipAddress).joined(separator: ","),
                    gateway.map { $0.enableSNAT == false ? "off" : "on" } ?? "-", r.projectID ?? "")
            }
            print(table.rendered)
        }
    }

    struct FloatingIPs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fips", abstract: "List floating IPs.")

        @OptionGroup var connection: NeutronConnectionOptions

        @Option(name: .customLong("network"), help: "Only from this external network id.")
        var networkID: String?

        @Option(name: .customLong("tag"), help: "Only those with this tag (repeatable: all must match).")
        var tags: [String] = []

        func run() async throws {
            let fips = try await connection.withClient {
                try await $0.floatingIPs(FloatingIPFilter(floatingNetworkID: networkID, tags: tags))
            }
            var table = TextTable("ID", "ADDRESS", "FIXED IP", "PORT", "ROUTER", "STATUS", "TAGS")
            for f in fips.sorted(by: { $0.floatingIPAddress < $1.floatingIPAddress }) {
                table.add(
                    f.id, f.floatingIPAddress, f.fixedIPAddress ?? "-", f.portID ?? "-", f.routerID ?? "-",
                    f.status ?? "", (f.tags ?? []).joined(separator: ","))
            }
            print(table.rendered)
        }
    }
}
