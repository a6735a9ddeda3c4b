import Yams

/// Turns a YAML node tree into ``JSONValue``, recording the line of every field path and bounding
/// depth and size (aliases can make a small text expand enormously).
struct NodeConverter {
    var lines: [String: Int] = [:]
    private var nodes = 0

    enum Problem: Error, CustomStringConvertible {
        case tooDeep(line: Int?)
        case tooLarge
        case badNumber(String, line: Int?)

        var description: String {
            switch self {
            case .tooDeep: "document nested too deeply (more than \(ManifestDecoder.maxDepth) levels)"
            case .tooLarge: "document expands to more than \(ManifestDecoder.maxNodes) values (YAML aliases?)"
            case .badNumber(let s, _): "\"\(s)\" is not a finite number"
            }
        }
    }

    /// `parent.key`, or `parent[key]` for keys that are not plain identifiers (annotation names).
    static func join(_ parent: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
        if plain { return parent.isEmpty ? key : "\(parent).\(key)" }
        return "\(parent)[\(key)]"
    }

    mutating func convert(_ node: Yams.Node, path: String, depth: Int) throws -> JSONValue {
        nodes += 1
        guard nodes <= ManifestDecoder.maxNodes else { throw Problem.tooLarge }
        guard depth <= ManifestDecoder.maxDepth else { throw Problem.tooDeep(line: node.mark?.line) }
        if !path.isEmpty, lines[path] == nil, let l = node.mark?.line { lines[path] = l }
        switch node {
        case .scalar(let s):
            return try scalar(s, node: node)
        case .sequence(let seq):
            var out: [JSONValue] = []
            for (i, item) in seq.enumerated() { out.append(try convert(item, path: "\(path)[\(i)]", depth: depth + 1)) }
            return .array(out)
        case .mapping(let map):
            var out: [String: JSONValue] = [:]
            for (k, v) in map {
                let key = k.string ?? "\(k.any)"
                if let l = k.mark?.line { lines[Self.join(path, key)] = l }
                out[key] = try convert(v, path: Self.join(path, key), depth: depth + 1)
            }
            return .object(out)
        case .alias:
            return .null
        }
    }

    private func scalar(_ s: Yams.Node.Scalar, node: Yams.Node) throws -> JSONValue {
        switch node.tag.description {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return node.bool.map(JSONValue.bool) ?? .string(s.string)
        case Tag.Name.int.rawValue:
            if let i = node.int { return .number(Double(i)) }
            return .string(s.string)
        case Tag.Name.float.rawValue:
            guard let d = node.float, d.isFinite else { throw Problem.badNumber(s.string, line: node.mark?.line) }
            return .number(d)
        default: return .string(s.string)
        }
    }
}
