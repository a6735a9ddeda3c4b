import Foundation
import SCNetAPI

/// A change sent with PATCH: an RFC 7386 JSON merge patch or an RFC 6902 JSON patch.
///
/// ```swift
/// try await client.patch(Subnet.self, name: "s1",
///     .merge(["metadata": ["labels": ["team": "b"]]]))
/// try await client.patch(Subnet.self, name: "s1",
///     .json([.init(op: "replace", path: "/spec/private", value: true)]))
/// ```
public enum Patch: Sendable, Hashable {
    case merge(JSONValue)
    case json([JSONPatchOperation])

    var contentType: String {
        switch self {
        case .merge: "application/merge-patch+json"
        case .json: "application/json-patch+json"
        }
    }

    func body() throws -> Data {
        switch self {
        case .merge(let value): try JSONEncoder().encode(value)
        case .json(let operations): try JSONEncoder().encode(operations)
        }
    }
}

/// One RFC 6902 operation: `add`, `remove`, `replace`, `move`, `copy` or `test`.
public struct JSONPatchOperation: Sendable, Hashable, Codable {
    public var op: String
    public var path: String
    public var value: JSONValue?
    public var from: String?

    public init(op: String, path: String, value: JSONValue? = nil, from: String? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }
}

// Literals make patches readable; SCNetAPI has no need of them itself.
extension JSONValue: ExpressibleByDictionaryLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// Any `Encodable` as a JSON value, e.g. to build a merge patch from a typed spec.
    public init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
