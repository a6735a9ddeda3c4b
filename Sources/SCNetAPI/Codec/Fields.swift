/// A coding key made from any string: lets a type read its known fields by name and collect
/// every other field as ``JSONValue``.
struct AnyKey: CodingKey, Hashable {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Reads the fields of one JSON object, remembering which were read, so that the rest can be kept.
///
/// ```swift
/// var f = try decoder.fields()
/// cidrBlock = try f("cidrBlock")
/// unknownFields = try f.unknown()
/// ```
struct FieldReader {
    private let container: KeyedDecodingContainer<AnyKey>
    /// The keys asked for: a short array, cheaper than hashing each name into a set.
    private var read: [String] = []

    init(_ decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: AnyKey.self)
    }

    /// The value of `key`, or `nil` when it is absent or `null`.
    mutating func callAsFunction<T: Decodable>(_ key: String) throws -> T? {
        read.append(key)
        return try container.decodeIfPresent(T.self, forKey: AnyKey(key))
    }

    /// The value of `key`, or `fallback` when it is absent or `null`.
    mutating func callAsFunction<T: Decodable>(_ key: String, default fallback: T) throws -> T {
        try self(key) ?? fallback
    }

    /// Every field that was not read.
    func unknown() throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for key in container.allKeys where !read.contains(key.stringValue) {
            out[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return out
    }
}

/// Writes the fields of one JSON object, omitting `nil`s, then the kept unknown fields.
struct FieldWriter {
    private var container: KeyedEncodingContainer<AnyKey>

    init(_ encoder: any Encoder) {
        container = encoder.container(keyedBy: AnyKey.self)
    }

    mutating func callAsFunction<T: Encodable>(_ key: String, _ value: T?) throws {
        if let value { try container.encode(value, forKey: AnyKey(key)) }
    }

    /// Writes an array only when it is not empty (Kubernetes omits empty lists).
    mutating func nonEmpty<T: Encodable>(_ key: String, _ value: [T]?) throws {
        if let value, !value.isEmpty { try container.encode(value, forKey: AnyKey(key)) }
    }

    /// Writes a map only when it is not empty.
    mutating func nonEmpty<T: Encodable>(_ key: String, _ value: [String: T]?) throws {
        if let value, !value.isEmpty { try container.encode(value, forKey: AnyKey(key)) }
    }

    mutating func unknown(_ fields: [String: JSONValue]) throws {
        for (k, v) in fields { try container.encode(v, forKey: AnyKey(k)) }
    }
}

extension Decoder {
    func fields() throws -> FieldReader { try FieldReader(self) }
}

extension Encoder {
    func fields() -> FieldWriter { FieldWriter(self) }
}
