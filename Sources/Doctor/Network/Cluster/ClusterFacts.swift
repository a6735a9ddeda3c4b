import SCNetAPI

/// Everything `scnet doctor cluster` learned, gathered by ``ClusterFactsGatherer`` and judged by
/// ``ClusterChecks``.
public struct ClusterFacts: Sendable {
    /// One line per component: Kubernetes API, OVN NB, OVN SB, Neutron (and its agents).
    public var components: [ComponentHealth]
    /// What is needed to find leaked rows and disagreeing records; `notObserved` when the API
    /// or the Northbound database could not be read.
    public var inventory: Observation<Inventory>

    public init(components: [ComponentHealth], inventory: Observation<Inventory>) {
        self.components = components
        self.inventory = inventory
    }
}

/// Whether a component answered.
public struct ComponentHealth: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// Answered; the text says what it answered (`12 namespaces`, `leader tcp:…`).
        case reachable(String)
        case unreachable(String)
        /// No address configured; the text says how to give one.
        case notConfigured(String)
    }

    /// `kubernetes`, `ovn-nb`, `ovn-sb`, `neutron`, `neutron-agents`.
    public var component: String
    public var address: String?
    public var state: State
    /// Whether an unreachable component makes the whole doctor answer "cannot tell" (exit 2).
    public var isEssential: Bool

    public init(component: String, address: String?, state: State, isEssential: Bool = true) {
        self.component = component
        self.address = address
        self.state = state
        self.isEssential = isEssential
    }
}

/// The objects the leak and address checks compare.
public struct Inventory: Sendable {
    /// NB rows carrying scnet's ownership markers.
    public var ownedRows: [OwnedRow]
    /// Names of every logical switch port in NB.
    public var switchPorts: Set<String>
    /// `<name>.<namespace>` of every pod.
    public var pods: Set<String>
    /// `<name>.<namespace>` of every KubeVirt VirtualMachine.
    public var virtualMachines: Set<String>
    public var subnets: [Subnet]
    public var ipRecords: [IP]

    public init(ownedRows: [OwnedRow], switchPorts: Set<String>, pods: Set<String>, virtualMachines: Set<String> = [],
                subnets: [Subnet], ipRecords: [IP]) {
        self.ownedRows = ownedRows
        self.switchPorts = switchPorts
        self.pods = pods
        self.virtualMachines = virtualMachines
        self.subnets = subnets
        self.ipRecords = ipRecords
    }
}

/// An NB row scnet created (`external_ids` scnet/owner=scnet).
public struct OwnedRow: Sendable, Equatable {
    public var table: String
    public var uuid: String
    /// The row's `name` column (NAT rows have none: their `scnet/name`).
    public var name: String
    public var externalIDs: [String: String]

    public init(table: String, uuid: String, name: String, externalIDs: [String: String]) {
        self.table = table
        self.uuid = uuid
        self.name = name
        self.externalIDs = externalIDs
    }

    public var kind: String { externalIDs["scnet/kind"] ?? "" }
    public var ownerName: String { externalIDs["scnet/name"] ?? name }
}
