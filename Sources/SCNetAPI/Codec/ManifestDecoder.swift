import Foundation
import Yams

/// One document of a manifest stream, decoded: the typed object, or why it could not be.
public struct ManifestDocument: Sendable {
    /// 1-based position in the stream (`doc#N`).
    public var index: Int
    /// Line (1-based) where the document starts.
    public var line: Int
    public var result: Result<AnyResource, ManifestError>
    /// `apiVersion`/`kind` of a document of a kind scnet does not model (passed over, not an error).
    public var unmodelled: (apiVersion: String, kind: String, name: String)?
    /// Line of each field path in this document (e.g. `spec.cidrBlock` → 7), for messages.
    public var lines: [String: Int]

    /// The line of `field`, or of its nearest ancestor that has one, or of the document.
    public func line(of field: String) -> Int {
        var path = field
        while !path.isEmpty {
            if let l = lines[path] { return l }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = String(path[..<cut])
        }
        return line
    }
}

/// Why a manifest document could not be read.
public struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
    public var document: Int
    public var line: Int?
    public var field: String?
    public var message: String
    /// `Kind/name` when the document got far enough to say.
    public var object: String? = nil

    public var description: String {
        let at = line.map { "doc#\(document) line \($0)" } ?? "doc#\(document)"
        return field.map { "\(at): \($0): \(message)" } ?? "\(at): \(message)"
    }
}

/// Decodes multi-document YAML or JSON (JSON is YAML) into scnet's resource types, with errors
/// that give the document index and line. `kind: List` documents are expanded into their items.
///
/// Input is bounded before it reaches the YAML parser: nesting deeper than ``maxDepth`` and
/// alias expansion beyond ``maxNodes`` are refused, so hostile input cannot exhaust the stack or memory.
public enum ManifestDecoder {
    public static let maxDepth = 64
    public static let maxNodes = 1_000_000

    public static func decode(_ text: String) -> [ManifestDocument] {
        if let problem = nestingProblem(text) {
            return [ManifestDocument(index: 1, line: problem.line, result: .failure(ManifestError(document: 1, line: problem.line, field: nil, message: problem.message)), lines: [:])]
        }
        var out: [ManifestDocument] = []
        let sequence: YamlSequence<Yams.Node>
        do {
            sequence = try Yams.compose_all(yaml: text)
        } catch {
            return [failure(1, error)]
        }
        var index = 0
        var iterator = sequence.makeIterator()
        while true {
            let node: Yams.Node?
            do {
                node = try iterator.nextOrThrow()
            } catch {
                out.append(failure(index + 1, error))
                break
            }
            guard let node else { break }
            index += 1
            var converter = NodeConverter()
            let value: JSONValue
            do {
                value = try converter.convert(node, path: "", depth: 0)
            } catch {
                out.append(ManifestDocument(index: index, line: node.mark?.line ?? 1, result: .failure(ManifestError(document: index, line: node.mark?.line, field: nil, message: "\(error)")), lines: [:]))
                continue
            }
            if case .null = value { index -= 1; continue }  // an empty document (e.g. after a trailing ---)
            let line = node.mark?.line ?? 1
            if value["kind"]?.stringValue == "List", let items = value["items"]?.arrayValue {
                for (i, item) in items.enumerated() {
                    let lines = converter.lines.reduce(into: [String: Int]()) { acc, kv in
                        let prefix = "items[\(i)]"
                        if kv.key == prefix { acc[""] = kv.value } else if kv.key.hasPrefix(prefix + ".") { acc[String(kv.key.dropFirst(prefix.count + 1))] = kv.value }
                    }
                    out.append(document(item, index: index, line: lines[""] ?? line, lines: lines))
                    if i < items.count - 1 { index += 1 }
                }
                continue
            }
            out.append(document(value, index: index, line: line, lines: converter.lines))
        }
        return out
    }

    static func document(_ value: JSONValue, index: Int, line: Int, lines: [String: Int]) -> ManifestDocument {
        var doc = ManifestDocument(index: index, line: line, result: .failure(ManifestError(document: index, line: line, field: nil, message: "")), lines: lines)
        let kindAndName = [value["kind"]?.stringValue, value["metadata"]?["name"]?.stringValue].compactMap { $0 }
        func fail(_ field: String?, _ message: String) {
            doc.result = .failure(ManifestError(
                document: index, line: field.map { doc.line(of: $0) } ?? line, field: field, message: message,
                object: kindAndName.count == 2 ? kindAndName.joined(separator: "/") : nil))
        }
        guard case .object = value else {
            fail(nil, "a document must be a mapping with apiVersion, kind and metadata")
            return doc
        }
        guard let apiVersion = value["apiVersion"]?.stringValue, !apiVersion.isEmpty else {
            fail("apiVersion", "required")
            return doc
        }
        guard let kind = value["kind"]?.stringValue, !kind.isEmpty else {
            fail("kind", "required")
            return doc
        }
        guard let type = AnyResource.kinds.first(where: { $0.kind == kind && $0.group == group(of: apiVersion) }) else {
            doc.unmodelled = (apiVersion, kind, value["metadata"]?["name"]?.stringValue ?? "")
            doc.result = .failure(ManifestError(document: index, line: line, field: nil, message: "\(apiVersion) \(kind) is not a kind scnet checks"))
            return doc
        }
        guard type.apiVersion == apiVersion else {
            fail("apiVersion", "\(apiVersion) is not served for \(kind); use \(type.apiVersion)")
            return doc
        }
        do {
            let data = try JSONEncoder().encode(value)
            let object = try JSONDecoder().decode(type, from: data)
            guard let resource = AnyResource(object) else { fatalError("every kind in AnyResource.kinds wraps") }
            if resource.metadata.name.isEmpty {
                fail("metadata.name", "required")
                return doc
            }
            doc.result = .success(resource)
        } catch let error as DecodingError {
            let (field, message) = describe(error)
            fail(field, message)
        } catch {
            fail(nil, "\(error)")
        }
        return doc
    }

    static func group(of apiVersion: String) -> String {
        let parts = apiVersion.split(separator: "/")
        return parts.count == 2 ? String(parts[0]) : ""
    }

    /// A decoding error as (field path, message).
    static func describe(_ error: DecodingError) -> (String?, String) {
        func path(_ keys: [any CodingKey]) -> String? {
            var out = ""
            for k in keys {
                if let i = k.intValue { out += "[\(i)]" } else { out = NodeConverter.join(out, k.stringValue) }
            }
            return out.isEmpty ? nil : out
        }
        switch error {
        case .typeMismatch(let type, let ctx):
            return (path(ctx.codingPath), "expected \(typeName(type))")
        case .valueNotFound(let type, let ctx):
            return (path(ctx.codingPath), "expected \(typeName(type)), found null")
        case .keyNotFound(let key, let ctx):
            return (path(ctx.codingPath + [key]), "required")
        case .dataCorrupted(let ctx):
            return (path(ctx.codingPath), ctx.debugDescription)
        @unknown default:
            return (nil, "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [String].Type: "a list of strings"
        case is [String: String].Type: "a map of strings"
        default: "\(type)".hasPrefix("Array") ? "a list" : ("\(type)".hasPrefix("Dictionary") ? "a mapping" : "a mapping")
        }
    }

    static func failure(_ index: Int, _ error: any Error) -> ManifestDocument {
        var line: Int?
        var message = "\(error)"
        if let y = error as? YamlError {
            switch y {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                line = mark.line
                message = "YAML syntax error: \(problem) (line \(mark.line), column \(mark.column))"
            case .reader(let problem, _, _, _):
                message = "unreadable input: \(problem)"
            default:
                break
            }
        }
        return ManifestDocument(index: index, line: line ?? 1, result: .failure(ManifestError(document: index, line: line, field: nil, message: message)), lines: [:])
    }

    /// Refuses nesting deeper than ``maxDepth`` (block indentation steps or flow brackets) before parsing.
    static func nestingProblem(_ text: String) -> (line: Int, message: String)? {
        var line = 1
        var flowDepth = 0
        var quote: UInt8 = 0
        var atLineStart = true
        var prefix = 0
        for b in text.utf8 {
            if b == UInt8(ascii: "\n") {
                line += 1
                atLineStart = true
                prefix = 0
                if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { continue }
                continue
            }
            if atLineStart {
                if b == UInt8(ascii: " ") || b == UInt8(ascii: "-") || b == UInt8(ascii: "?") {
                    prefix += 1
                    if prefix > maxDepth * 8 {
                        return (line, "document nested too deeply (more than \(maxDepth) levels); refusing to parse it")
                    }
                    continue
                }
                atLineStart = false
            }
            if quote != 0 {
                if b == quote { quote = 0 }
                continue
            }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = b
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                if flowDepth > maxDepth {
                    return (line, "document nested too deeply (more than \(maxDepth) levels); refusing to parse it")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): flowDepth = max(0, flowDepth - 1)
            default: break
            }
        }
        return nil
    }
}

extension YamlSequence {
    /// `next()`, but throwing the parse error instead of ending quietly.
    mutating func nextOrThrow() throws -> T? {
        let n = next()
        if n == nil, let e = error { throw e }
        return n
    }
}
