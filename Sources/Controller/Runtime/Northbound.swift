import OVN
import OVSDB

/// The Northbound database as reconcilers use it: the replica to read, coalesced transactions to
/// write, each timed into the metrics.
struct Northbound: Sendable {
    let client: OVSDBClient
    let metrics: ControllerMetrics

    var replica: Replica { client.replica }

    /// A lookup on the replica without copying it (see `OVSDBClient.read`).
    func read<T>(_ body: (Replica) throws -> T) rethrows -> T { try client.read(body) }

    @discardableResult
    func transact(_ operations: [OVSDBOperation]) async throws -> [OperationResult] {
        guard !operations.isEmpty else { return [] }
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let results = try await client.transactCoalesced(operations)
            metrics.ovsdbTransaction(duration: clock.now - started, succeeded: true)
            return results
        } catch {
            metrics.ovsdbTransaction(duration: clock.now - started, succeeded: false)
            throw error
        }
    }

    /// Runs a create whose repeat is guarded: a guard that fails because the row already exists
    /// (`alreadyCommitted`, or the `wait`/unique-index failure of a concurrent create) counts as done.
    func create(_ operations: [OVSDBOperation]) async throws {
        do {
            try await transact(operations)
        } catch OVSDBError.alreadyCommitted {
        } catch OVSDBError.operationFailed(_, let op, _, let error, _) where op == "wait" || error == "constraint violation" {
        }
    }
}

/// What the work queues carry for pods and VMs.
enum WorkloadKey: Hashable, Sendable, CustomStringConvertible {
    case pod(namespace: String, name: String)
    case virtualMachine(namespace: String, name: String)

    var namespace: String {
        switch self {
        case .pod(let ns, _), .virtualMachine(let ns, _): ns
        }
    }

    var name: String {
        switch self {
        case .pod(_, let n), .virtualMachine(_, let n): n
        }
    }

    /// `<name>.<namespace>`: the `IP` record's and the logical port's name.
    var portName: String { NorthboundNames.workloadPort(name: name, namespace: namespace) }

    var description: String {
        switch self {
        case .pod(let ns, let n): "pod \(ns)/\(n)"
        case .virtualMachine(let ns, let n): "vm \(ns)/\(n)"
        }
    }
}
