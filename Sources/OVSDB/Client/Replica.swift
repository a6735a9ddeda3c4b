import Synchronization

/// The client's copy of the monitored tables: table → row UUID → row.
public struct Replica: Sendable, Equatable {
    public var tables: [String: [String: Row]] = [:]
    /// table → `name` column → row UUIDs: lookups by name stay O(1) at 10 000s of rows.
    private var byName: [String: [String: Set<String>]] = [:]

    public init() {}

    public func rows(_ table: String) -> [String: Row] { tables[table] ?? [:] }

    /// Rows of `table` whose `column` is the string `value` (e.g. by `name`).
    public func rows(_ table: String, where column: String, is value: String) -> [(uuid: String, row: Row)] {
        if column == "name", let index = byName[table] {
            guard let uuids = index[value], let rows = tables[table] else { return [] }
            return uuids.sorted().compactMap { uuid in rows[uuid].map { (uuid, $0) } }
        }
        return rows(table).compactMap { $0.value[column]?.single?.stringValue == value ? ($0.key, $0.value) : nil }
    }

    /// Sets (or, with `nil`, removes) one row, keeping the name index in step.
    mutating func set(_ table: String, _ uuid: String, _ row: Row?) {
        if tables[table] == nil { tables[table] = [:] }
        let old = tables[table]![uuid]
        tables[table]![uuid] = row
        let oldName = old?["name"]?.single?.stringValue, newName = row?["name"]?.single?.stringValue
        guard oldName != newName || old == nil || row == nil else { return }
        if let oldName { byName[table, default: [:]][oldName]?.remove(uuid) }
        if let newName { byName[table, default: [:]][newName, default: []].insert(uuid) }
    }
}

/// One row change seen by the monitor.
public enum RowChange: Sendable, Equatable {
    case inserted(table: String, uuid: String, row: Row)
    case modified(table: String, uuid: String, old: Row, new: Row)
    case deleted(table: String, uuid: String, old: Row)
}

/// The replica behind a lock, updated on the connection's event loop in message order, so the
/// monitor's initial contents and later `update2` notifications can never be applied out of order.
final class ReplicaStore: Sendable {
    private let state = Mutex(Replica())

    var snapshot: Replica { state.withLock { $0 } }

    /// Runs `body` on the replica under the lock, copying nothing: a snapshot still held while
    /// the next update arrives makes that update copy the whole table.
    func read<T>(_ body: (Replica) throws -> T) rethrows -> T {
        try state.withLock { replica in try body(replica) }
    }

    /// Replaces everything with a monitor reply's initial contents; returns the changes relative
    /// to what was there before (so a reconnect reports exactly what changed while away).
    func reset(to updates: JSON, schema: DatabaseSchema) -> [RowChange] {
        var fresh = Replica()
        _ = Self.apply(updates, schema: schema, to: &fresh, diffs: true)
        return state.withLock { replica in
            let changes = Self.difference(from: replica, to: fresh)
            replica = fresh
            return changes
        }
    }

    /// Applies an `update2` (`diffs: true`) or `update` table-updates object.
    func apply(_ updates: JSON, schema: DatabaseSchema, diffs: Bool) -> [RowChange] {
        state.withLock { Self.apply(updates, schema: schema, to: &$0, diffs: diffs) }
    }

    static func apply(_ updates: JSON, schema: DatabaseSchema, to replica: inout Replica, diffs: Bool) -> [RowChange] {
        var changes: [RowChange] = []
        for (table, rowsJSON) in updates.objectValue ?? [:] {
            guard let tableSchema = schema.tables[table] else { continue }
            // Edit the table in place: copying a 10 000-row dictionary per notification made
            // applying updates quadratic.
            if replica.tables[table] == nil { replica.tables[table] = [:] }
            for (uuid, update) in rowsJSON.objectValue ?? [:] {
                let old = replica.tables[table]?[uuid]
                var new: Row?
                if diffs {
                    if let row = update["initial"] ?? update["insert"] {
                        new = decode(row, tableSchema)
                    } else if let diff = update["modify"] {
                        var row = old ?? [:]
                        for (column, valueJSON) in diff.objectValue ?? [:] {
                            guard let type = tableSchema.columns[column], let value = try? Value(json: valueJSON) else { continue }
                            row[column] = type.apply(diff: value, to: row[column])
                        }
                        new = row
                    } else {
                        new = nil  // "delete"
                    }
                } else {
                    new = update["new"].map { decode($0, tableSchema) }
                }
                replica.set(table, uuid, new)
                switch (old, new) {
                case (nil, let n?): changes.append(.inserted(table: table, uuid: uuid, row: n))
                case (let o?, let n?): changes.append(.modified(table: table, uuid: uuid, old: o, new: n))
                case (let o?, nil): changes.append(.deleted(table: table, uuid: uuid, old: o))
                case (nil, nil): break
                }
            }
        }
        return changes
    }

    static func decode(_ json: JSON, _ table: TableSchema) -> Row {
        var row: Row = [:]
        for (column, valueJSON) in json.objectValue ?? [:] {
            guard let value = try? Value(json: valueJSON) else { continue }
            row[column] = table.normalize(value, column: column)
        }
        return row
    }

    static func difference(from old: Replica, to new: Replica) -> [RowChange] {
        var changes: [RowChange] = []
        for table in Set(old.tables.keys).union(new.tables.keys) {
            let before = old.rows(table), after = new.rows(table)
            for (uuid, row) in after {
                if let previous = before[uuid] {
                    if previous != row { changes.append(.modified(table: table, uuid: uuid, old: previous, new: row)) }
                } else {
                    changes.append(.inserted(table: table, uuid: uuid, row: row))
                }
            }
            for (uuid, row) in before where after[uuid] == nil {
                changes.append(.deleted(table: table, uuid: uuid, old: row))
            }
        }
        return changes
    }
}
