import Foundation
import SCNetAPI

extension JSONValue {
    /// Parses JSON bytes.
    static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try JSONValue(parsing: bytes)
    }

    /// Compact JSON with sorted keys, so equal objects serialise to equal bytes.
    var jsonData: Data { Data(serialized()) }

    var jsonString: String { String(decoding: jsonData, as: UTF8.self) }

    /// The value at a dotted path such as `metadata.name`, or `nil`.
    func value(at path: String) -> JSONValue? {
        var v: JSONValue? = self
        for part in path.split(separator: ".") { v = v?[String(part)] }
        return v
    }

    /// The text of a scalar at `path` as a field selector compares it (missing → `""`).
    func fieldText(at path: String) -> String {
        switch value(at: path) {
        case .string(let s)?: s
        case .bool(let b)?: b ? "true" : "false"
        case .number(let d)?: d.rounded() == d ? String(Int64(d)) : String(d)
        default: ""
        }
    }

    /// Sets `value` at `path` (creating objects on the way); `nil` removes the member.
    mutating func set(_ path: [String], _ value: JSONValue?) {
        guard let head = path.first else {
            self = value ?? .null
            return
        }
        var object = objectValue ?? [:]
        if path.count == 1 {
            object[head] = value
        } else {
            var child = object[head] ?? .object([:])
            child.set(Array(path.dropFirst()), value)
            object[head] = child
        }
        self = .object(object)
    }

    /// `metadata.<key>` as a string.
    func meta(_ key: String) -> String? { self["metadata"]?[key]?.stringValue }

    /// `metadata.labels` (or `annotations`) as a string map.
    func metaMap(_ key: String) -> [String: String] {
        guard let o = self["metadata"]?[key]?.objectValue else { return [:] }
        return o.compactMapValues(\.stringValue)
    }

    var finalizers: [String] { self["metadata"]?["finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
