import OVN
import OVSDB
import SCNetAPI

/// Gathers ``ClusterFacts``: asks each component whether it answers (each within the deadline,
/// all of them even when one fails), then, when the API and NB answered, lists what the leak and
/// address checks compare.
public struct ClusterFactsGatherer: Sendable {
    public let configuration: DoctorConfiguration

    public init(configuration: DoctorConfiguration) { self.configuration = configuration }

    /// NB tables scnet writes rows to, with the columns needed to name them.
    static let ownedTables: [String: [String]?] = [
        LogicalSwitch.table: ["name", "external_ids"], LogicalSwitchPort.table: ["name", "external_ids"],
        LogicalRouter.table: ["name", "external_ids"], LogicalRouterPort.table: ["name", "external_ids"],
        NAT.table: ["external_ip", "external_ids"], GatewayChassis.table: ["name", "external_ids"],
    ]

    public func gather() async -> ClusterFacts {
        let deadline = configuration.deadline
        var components: [ComponentHealth] = []

        var kube: KubeAccess?
        var kubernetes = ComponentHealth(component: "kubernetes", address: configuration.kubeconfig, state: .notConfigured(""))
        do {
            let access = try KubeAccess.open(kubeconfig: configuration.kubeconfig, deadline: deadline)
            kubernetes.address = access.address
            let namespaces = try await access.list(Namespace.self)
            kubernetes.state = .reachable("\(namespaces.count) namespaces (\(namespaces.filter(\.isManaged).count) managed)")
            kube = access
        } catch {
            kubernetes.state = .unreachable(NeutronProbe.reason(error))
        }
        components.append(kubernetes)

        var northbound: Replica?
        if let nb = configuration.northbound {
            do {
                let snapshot = try await DatabaseSnapshot.read(
                    nb, database: "OVN_Northbound", component: "OVN Northbound", tables: Self.ownedTables, deadline: deadline)
                northbound = snapshot.replica
                let switches = snapshot.replica.rows(LogicalSwitch.table).count
                let ports = snapshot.replica.rows(LogicalSwitchPort.table).count
                components.append(ComponentHealth(
                    component: "ovn-nb", address: nb,
                    state: .reachable("\(Self.leaderText(nb, snapshot.remote)), \(switches) switches, \(ports) ports")))
            } catch {
                components.append(ComponentHealth(component: "ovn-nb", address: nb, state: .unreachable(NeutronProbe.reason(error))))
            }
        } else {
            components.append(ComponentHealth(component: "ovn-nb", address: nil, state: .notConfigured("give --nb or SCNET_OVN_NB")))
        }

        if let sb = configuration.southbound {
            do {
                let snapshot = try await DatabaseSnapshot.read(
                    sb, database: "OVN_Southbound", component: "OVN Southbound",
                    tables: [Chassis.table: ["name", "hostname"]], deadline: deadline)
                let chassis = snapshot.replica.all(Chassis.self).map { $0.hostname.isEmpty ? $0.name : $0.hostname }.sorted()
                components.append(ComponentHealth(
                    component: "ovn-sb", address: sb,
                    state: .reachable("\(Self.leaderText(sb, snapshot.remote)), \(chassis.count) chassis"
                        + (chassis.isEmpty ? "" : " (\(chassis.joined(separator: ", ")))"))))
            } catch {
                components.append(ComponentHealth(component: "ovn-sb", address: sb, state: .unreachable(NeutronProbe.reason(error))))
            }
        } else {
            components.append(ComponentHealth(component: "ovn-sb", address: nil, state: .notConfigured("give --sb or SCNET_OVN_SB")))
        }

        components += await NeutronProbe.probe(
            url: configuration.neutronURL, environment: configuration.neutronEnvironment, deadline: deadline)

        let inventory: Observation<Inventory>
        if let kube, let northbound {
            do {
                inventory = .observed(try await Self.inventory(kube, northbound))
            } catch {
                inventory = .notObserved("listing objects failed: \(NeutronProbe.reason(error))")
            }
        } else {
            inventory = .notObserved("needs both the Kubernetes API and the OVN Northbound database")
        }
        await kube?.shutdown()
        return ClusterFacts(components: components, inventory: inventory)
    }

    /// `leader tcp:…` for a cluster address list, else `connected`.
    static func leaderText(_ address: String, _ remote: String) -> String {
        address.contains(",") ? "leader \(remote)" : "connected"
    }

    static func inventory(_ kube: KubeAccess, _ northbound: Replica) async throws -> Inventory {
        let pods = try await kube.list(Pod.self)
        let vms = try await kube.listIfServed(VirtualMachine.self)
        let subnets = try await kube.listIfServed(Subnet.self)
        let records = try await kube.listIfServed(IP.self)
        return Inventory(
            ownedRows: ownedRows(northbound), switchPorts: Set(northbound.all(LogicalSwitchPort.self).map(\.name)),
            pods: Set(pods.map { "\($0.metadata.name).\($0.metadata.namespace ?? "default")" }),
            virtualMachines: Set(vms.map { "\($0.metadata.name).\($0.metadata.namespace ?? "default")" }),
            subnets: subnets, ipRecords: records)
    }

    /// Rows of ``ownedTables`` with scnet's owner marker.
    static func ownedRows(_ replica: Replica) -> [OwnedRow] {
        var rows: [OwnedRow] = []
        for table in ownedTables.keys {
            for (uuid, row) in replica.rows(table) {
                let ids = row["external_ids"]?.stringMap ?? [:]
                guard Ownership.isOwned(ids) else { continue }
                let name = row["name"]?.single?.stringValue ?? ids[Ownership.nameKey] ?? uuid
                rows.append(OwnedRow(table: table, uuid: uuid, name: name, externalIDs: ids))
            }
        }
        return rows
    }
}
