/// Errors of the typed OVN layer.
public enum OVNError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A row lacks a column the typed model cannot do without (e.g. a switch without `name`).
    case missingColumn(table: String, uuid: String, column: String)
    /// A named object was not found in the replica.
    case notFound(table: String, name: String)

    public var description: String {
        switch self {
        case .missingColumn(let table, let uuid, let column):
            return "OVN \(table) row \(uuid): column \(column) is missing or has the wrong type"
        case .notFound(let table, let name): return "OVN \(table) \"\(name)\" does not exist"
        }
    }
}
