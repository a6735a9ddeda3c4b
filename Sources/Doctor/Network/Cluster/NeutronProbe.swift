import Foundation
import Neutron

/// Asks Neutron for its networks and, when it answers, its agents (`GET /v2.0/agents`).
enum NeutronProbe {
    /// A Neutron agent (OVN metadata agent, controller gateway…), as `openstack network agent list` shows it.
    struct Agent: NeutronResource {
        static let singular = "agent"
        static let plural = "agents"
        var id: String
        var agentType: String?
        var host: String?
        var alive: Bool?

        enum CodingKeys: String, CodingKey {
            case id, host, alive
            case agentType = "agent_type"
        }
    }

    /// The configuration for `url` (noauth) or the `OS_*` variables (Keystone, `url` overriding the catalog).
    static func configuration(url: String?, environment: [String: String], deadline: Double) -> NeutronConfiguration? {
        let keystone = !(environment["OS_AUTH_URL"] ?? "").isEmpty
        guard keystone || url != nil else { return nil }
        var config = try? NeutronConfiguration.fromEnvironment(
            environment, overrides: .init(neutronURL: url, noauth: !keystone))
        config?.retry = .none
        config?.requestTimeout = .milliseconds(Int64(deadline * 1000))
        return config
    }

    static func probe(url: String?, environment: [String: String], deadline: Double) async -> [ComponentHealth] {
        guard let config = configuration(url: url, environment: environment, deadline: deadline) else {
            return [ComponentHealth(
                component: "neutron", address: nil,
                state: .notConfigured("give --neutron-url (or SCNET_NEUTRON_URL), or the OS_* variables of an openrc"))]
        }
        let address = url ?? environment["OS_AUTH_URL"] ?? "?"
        let http = NeutronClient.makeHTTPClient()
        let client = NeutronClient(configuration: config, httpClient: http)
        let results = await probe(client, address: address, deadline: deadline)
        try? await http.shutdown()
        return results
    }

    static func probe(_ client: NeutronClient, address: String, deadline: Double) async -> [ComponentHealth] {
        var results: [ComponentHealth] = []
        do {
            let networks = try await withDeadline(deadline, component: "Neutron", address: address) {
                try await client.networks()
            }
            let external = networks.filter { $0.routerExternal == true }.count
            results.append(ComponentHealth(
                component: "neutron", address: address,
                state: .reachable("\(networks.count) networks (\(external) external)")))
        } catch {
            return [ComponentHealth(component: "neutron", address: address, state: .unreachable(reason(error)))]
        }
        do {
            let agents = try await withDeadline(deadline, component: "Neutron", address: address) {
                try await client.list(Agent.self)
            }
            let dead = agents.filter { $0.alive == false }
            let state: ComponentHealth.State = dead.isEmpty
                ? .reachable("\(agents.count) agents, all alive")
                : .unreachable("\(dead.count) of \(agents.count) agents not alive: "
                    + dead.map { "\($0.agentType ?? "agent") on \($0.host ?? "?")" }.joined(separator: ", "))
            results.append(ComponentHealth(component: "neutron-agents", address: address, state: state, isEssential: false))
        } catch {
            results.append(ComponentHealth(
                component: "neutron-agents", address: address,
                state: .notConfigured("GET /v2.0/agents did not answer (\(reason(error)))"), isEssential: false))
        }
        return results
    }

    static func reason(_ error: any Error) -> String {
        if let doctor = error as? DoctorError, case .componentUnreachable(_, _, let reason) = doctor { return reason }
        return "\(error)"
    }
}
