import OVSDB

/// Lenient typed reads of replica rows: a missing column (older schema) reads as empty.
extension Dictionary where Key == String, Value == OVSDB.Value {
    func string(_ column: String) -> String? { self[column]?.single?.stringValue }
    func strings(_ column: String) -> [String] { (self[column]?.atoms ?? []).compactMap(\.stringValue).sorted() }
    func uuid(_ column: String) -> String? { self[column]?.single?.uuidValue }
    func uuids(_ column: String) -> [String] { (self[column]?.atoms ?? []).compactMap(\.uuidValue).sorted() }
    func integer(_ column: String) -> Int? { self[column]?.single?.integerValue }
    func bool(_ column: String) -> Bool? { self[column]?.single?.booleanValue }
    func map(_ column: String) -> [String: String] { self[column]?.stringMap ?? [:] }

    func required(_ column: String, table: String, uuid: String) throws(OVNError) -> String {
        guard let value = string(column) else { throw .missingColumn(table: table, uuid: uuid, column: column) }
        return value
    }
}

/// A typed row of an OVN table, decoded from a replica row.
public protocol OVNRow: Sendable, Equatable {
    static var table: String { get }
    var uuid: String { get }
    init(uuid: String, row: Row) throws(OVNError)
}

extension Replica {
    /// All rows of `T`'s table that decode (rows missing required columns are skipped).
    public func all<T: OVNRow>(_ type: T.Type) -> [T] {
        rows(T.table).compactMap { try? T(uuid: $0.key, row: $0.value) }
    }

    /// The row of `T` with `uuid`.
    public func row<T: OVNRow>(_ type: T.Type, uuid: String) -> T? {
        rows(T.table)[uuid].flatMap { try? T(uuid: uuid, row: $0) }
    }
}
