import OVN
import OVSDB
import Synchronization

/// The node's Open vSwitch, through its `Open_vSwitch` database: plugs interfaces into the
/// integration bridge, waits for `ovn-controller` to mark them installed, and registers the
/// chassis. Everything the agent knows about attachments lives here, in `external_ids`, so a
/// restarted agent finds its state again.
public final class LocalSwitch: Sendable {
    public let client: OVSDBClient
    public let bridge: String
    private let waiters = Mutex<[Int: Waiter]>([:])
    private let nextWaiter = Atomic<Int>(0)

    private struct Waiter {
        var interface: String
        var continuation: CheckedContinuation<Void, any Error>
    }

    public init(remote: String, bridge: String) throws {
        client = OVSDBClient(remotes: try Remote.parseList(remote), database: "Open_vSwitch",
                             monitoring: OpenVSwitchOperations.monitoredTables)
        self.bridge = bridge
    }

    /// Keeps the connection and wakes waiters on every change, until cancelled.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.client.run() }
            group.addTask {
                for await _ in self.client.events { self.wakeWaiters() }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Returns once connected, or throws ``AgentError/unavailable`` after `timeout`.
    public func waitUntilReady(timeout: Duration) async throws {
        do {
            try await client.waitUntilReady(timeout: timeout)
        } catch OVSDBError.timedOut {
            throw AgentError.unavailable("Open vSwitch database \(client.remotes.map(\.description).joined(separator: ",")) not reachable within \(timeout)")
        }
    }

    public func read<T>(_ body: (Replica) throws -> T) rethrows -> T { try client.read(body) }

    /// Whether the integration bridge exists (`ovn-controller` creates it).
    public var hasBridge: Bool { read { $0.bridge(bridge) != nil } }

    /// Our attachments: interfaces on any bridge that carry `key` in `external_ids`.
    public func interfaces(withKey key: String) -> [OVSInterface] {
        read { replica in replica.all(OVSInterface.self).filter { $0.externalIDs[key] != nil } }
    }

    /// Adds interface `name` to the bridge with `externalIDs`; when a port of that name exists
    /// already, only its `external_ids` are brought to `externalIDs`.
    public func plug(_ name: String, type: String = "", mac: String? = nil, externalIDs: [String: String],
                     timeout: Duration) async throws {
        let (existing, bridgeExists) = read { ($0.interface(named: name), $0.bridge(bridge) != nil) }
        guard bridgeExists else {
            throw AgentError.unavailable("bridge \(bridge) does not exist in Open vSwitch: is ovn-controller running?")
        }
        let operations: [OVSDBOperation]
        if let existing {
            // Only our keys: ovn-controller writes its own (ovn-installed) on the same map.
            guard externalIDs.contains(where: { existing.externalIDs[$0.key] != $0.value }) else { return }
            operations = [
                .mutate(OVSInterface.table, where: [.uuid(existing.uuid)], mutations: [Mutation("external_ids", .delete, .strings(Array(externalIDs.keys)))]),
                .mutate(OVSInterface.table, where: [.uuid(existing.uuid)], mutations: [Mutation("external_ids", .insert, .stringMap(externalIDs))]),
            ]
        } else {
            operations = OpenVSwitchOperations.addPort(bridge: bridge, name: name, type: type, mac: mac, interfaceExternalIDs: externalIDs)
        }
        try await transact(operations, timeout: timeout, what: "add port \(name) to \(bridge)")
    }

    /// Removes the port holding interface `name`, wherever it is; nothing when there is none.
    public func unplug(_ name: String, timeout: Duration) async throws {
        let operations: [OVSDBOperation] = read { replica in
            let ports = replica.all(OVSPort.self).filter { $0.name == name }
            let bridges = replica.all(OVSBridge.self)
            return ports.flatMap { port in
                bridges.filter { $0.ports.contains(port.uuid) }.flatMap {
                    OpenVSwitchOperations.removePort(bridge: $0.name, portUUID: port.uuid)
                }
            }
        }
        guard !operations.isEmpty else { return }
        try await transact(operations, timeout: timeout, what: "remove port \(name)")
    }

    /// Sets the chassis `external_ids` that differ from `wanted`.
    public func register(_ wanted: [String: String], timeout: Duration) async throws {
        let current = read { $0.all(OpenVSwitchRoot.self).first?.externalIDs ?? [:] }
        let changed = wanted.filter { current[$0.key] != $0.value }
        guard !changed.isEmpty else { return }
        try await transact(OpenVSwitchOperations.setExternalIDs(changed), timeout: timeout, what: "register the chassis")
    }

    /// Waits until `ovn-controller` sets `ovn-installed=true` on interface `name`.
    public func waitInstalled(_ name: String, timeout: Duration, explain: @escaping @Sendable () -> String) async throws {
        try await withDeadline(timeout, onTimeout: { AgentError.portNotInstalled(explain()) }) {
            try await self.installed(name)
        }
    }

    private func installed(_ name: String) async throws {
        let id = nextWaiter.add(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiters.withLock { $0[id] = Waiter(interface: name, continuation: continuation) }
                if Task.isCancelled, let waiter = waiters.withLock({ $0.removeValue(forKey: id) }) {
                    waiter.continuation.resume(throwing: CancellationError())
                    return
                }
                wakeWaiters()
            }
        } onCancel: {
            let waiter = waiters.withLock { $0.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func wakeWaiters() {
        let ready: [Waiter] = waiters.withLock { all in
            let done = all.filter { entry in read { $0.interface(named: entry.value.interface)?.isInstalled ?? false } }
            for key in done.keys { all.removeValue(forKey: key) }
            return Array(done.values)
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    private func transact(_ operations: [OVSDBOperation], timeout: Duration, what: String) async throws {
        do {
            _ = try await client.transact(operations, timeout: timeout)
        } catch OVSDBError.timedOut {
            throw AgentError.unavailable("Open vSwitch did not answer within \(timeout) (\(what))")
        }
    }
}
