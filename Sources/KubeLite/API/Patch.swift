import Foundation
import SCNetAPI

/// The patch formats kubectl sends, applied to an object as JSON.
public enum Patch {
    /// RFC 7386 JSON merge patch: objects merge recursively, `null` removes, anything else replaces.
    public static func merge(_ patch: JSONValue, into target: JSONValue?) -> JSONValue {
        guard case .object(let p) = patch else { return patch }
        var out = target?.objectValue ?? [:]
        for (k, v) in p {
            if v == .null { out[k] = nil } else { out[k] = merge(v, into: out[k]) }
        }
        return .object(out)
    }

    /// RFC 6902 JSON patch: `add`, `remove`, `replace`, `move`, `copy`, `test`.
    public static func json(_ operations: JSONValue, into target: JSONValue) throws -> JSONValue {
        guard let ops = operations.arrayValue else { throw KubeLiteError.badRequest("a JSON patch must be an array of operations") }
        var doc = target
        for op in ops {
            guard let name = op["op"]?.stringValue, let path = op["path"]?.stringValue else {
                throw KubeLiteError.badRequest("a JSON patch operation needs \"op\" and \"path\": \(op.jsonString)")
            }
            let pointer = try JSONPointer(path)
            switch name {
            case "add": doc = try pointer.add(op["value"] ?? .null, to: doc)
            case "remove": doc = try pointer.remove(from: doc)
            case "replace":
                _ = try pointer.value(in: doc)
                doc = try pointer.remove(from: doc)
                doc = try pointer.add(op["value"] ?? .null, to: doc)
            case "move", "copy":
                guard let fromText = op["from"]?.stringValue else { throw KubeLiteError.badRequest("\(name) needs \"from\"") }
                let from = try JSONPointer(fromText)
                let value = try from.value(in: doc)
                if name == "move" { doc = try from.remove(from: doc) }
                doc = try pointer.add(value, to: doc)
            case "test":
                guard try pointer.value(in: doc) == (op["value"] ?? .null) else {
                    throw KubeLiteError.badRequest("testing value \(path) failed")
                }
            default: throw KubeLiteError.badRequest("unknown JSON patch operation \"\(name)\"")
            }
        }
        return doc
    }
}

/// An RFC 6901 pointer such as `/spec/containers/0/image`.
struct JSONPointer {
    let tokens: [String]

    init(_ text: String) throws {
        guard text.isEmpty || text.hasPrefix("/") else { throw KubeLiteError.badRequest("invalid JSON pointer \"\(text)\"") }
        tokens = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .map { $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
    }

    func value(in doc: JSONValue) throws -> JSONValue {
        var v = doc
        for t in tokens {
            switch v {
            case .object(let o): guard let next = o[t] else { throw missing }; v = next
            case .array(let a): guard let i = Int(t), a.indices.contains(i) else { throw missing }; v = a[i]
            default: throw missing
            }
        }
        return v
    }

    var missing: KubeLiteError { .badRequest("JSON patch path /\(tokens.joined(separator: "/")) does not exist") }

    func add(_ value: JSONValue, to doc: JSONValue) throws -> JSONValue {
        try Self.edit(doc, tokens[...]) { parent, last in
            switch parent {
            case .object(var o): o[last] = value; return .object(o)
            case .array(var a):
                if last == "-" { a.append(value) } else {
                    guard let i = Int(last), i >= 0, i <= a.count else { throw missing }
                    a.insert(value, at: i)
                }
                return .array(a)
            default: throw missing
            }
        }
    }

    func remove(from doc: JSONValue) throws -> JSONValue {
        try Self.edit(doc, tokens[...]) { parent, last in
            switch parent {
            case .object(var o): guard o.removeValue(forKey: last) != nil else { throw missing }; return .object(o)
            case .array(var a): guard let i = Int(last), a.indices.contains(i) else { throw missing }; a.remove(at: i); return .array(a)
            default: throw missing
            }
        }
    }

    /// Rebuilds `doc` with `change` applied to the parent of the last token.
    private static func edit(_ doc: JSONValue, _ path: ArraySlice<String>, _ change: (JSONValue, String) throws -> JSONValue) throws -> JSONValue {
        guard let first = path.first else { throw KubeLiteError.badRequest("a JSON patch cannot replace the whole object") }
        if path.count == 1 { return try change(doc, first) }
        switch doc {
        case .object(var o):
            guard let child = o[first] else { throw KubeLiteError.badRequest("JSON patch path segment \"\(first)\" does not exist") }
            o[first] = try edit(child, path.dropFirst(), change)
            return .object(o)
        case .array(var a):
            guard let i = Int(first), a.indices.contains(i) else { throw KubeLiteError.badRequest("JSON patch index \"\(first)\" is out of range") }
            a[i] = try edit(a[i], path.dropFirst(), change)
            return .array(a)
        default: throw KubeLiteError.badRequest("JSON patch path segment \"\(first)\" is not a container")
        }
    }
}
