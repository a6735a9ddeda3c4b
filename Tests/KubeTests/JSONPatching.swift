import Kube
import SCNetAPI

/// RFC 7386 merge patch and a subset of RFC 6902 JSON patch (add, replace, remove on object
/// members), enough for the stub server.
enum JSONPatching {
    static func merge(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let p) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in p {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = merge(result[key] ?? .null, value)
            }
        }
        return .object(result)
    }

    static func apply(_ operations: JSONValue, to document: JSONValue) -> JSONValue? {
        guard let ops = operations.arrayValue else { return nil }
        var doc = document
        for op in ops {
            guard let kind = op["op"]?.stringValue, let path = op["path"]?.stringValue else { return nil }
            let tokens = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            guard let updated = set(doc, Array(tokens), kind == "remove" ? nil : op["value"], mustExist: kind != "add")
            else { return nil }
            doc = updated
        }
        return doc
    }

    private static func set(_ doc: JSONValue, _ path: [String], _ value: JSONValue?, mustExist: Bool) -> JSONValue? {
        guard let first = path.first else { return value ?? .null }
        guard var object = doc.objectValue else { return nil }
        if path.count == 1 {
            if mustExist, object[first] == nil { return nil }
            object[first] = value
            return .object(object)
        }
        guard let child = object[first], let updated = set(child, Array(path.dropFirst()), value, mustExist: mustExist)
        else { return nil }
        object[first] = updated
        return .object(object)
    }
}
