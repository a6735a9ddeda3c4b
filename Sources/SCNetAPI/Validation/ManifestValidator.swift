/// One line of a validation report.
public struct ValidationFinding: Hashable, Sendable, Codable {
    public enum Status: String, Sendable, Codable { case ok, error, warning }

    public var status: Status
    public var file: String
    public var document: Int
    public var line: Int?
    /// `Kind/name` or `Kind/namespace/name`; empty when the document could not be read at all.
    public var object: String
    public var field: String?
    public var reason: String?

    /// `ok  Kind/name`, or `error  file:doc#N  Kind/name  field: reason (line L)`.
    public var text: String {
        switch status {
        case .ok: return "ok       \(object)"
        case .error, .warning:
            let what = [field, reason].compactMap { $0 }.joined(separator: ": ")
            let at = line.map { " (line \($0))" } ?? ""
            let obj = object.isEmpty ? "-" : object
            return "\(status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(file):doc#\(document)  \(obj)  \(what)\(at)"
        }
    }
}

/// Applies manifest documents, in order, to an empty in-memory cluster through the admission rules,
/// as `scnet validate` does: each object is `ok` or an `error`; references still unresolved at the end
/// are `warning`s (objects may arrive in any order, SPEC X2).
public struct ManifestValidator: Sendable {
    public private(set) var cluster = ClusterState()
    private var origins: [String: (file: String, document: ManifestDocument)] = [:]
    private var order: [String] = []

    public init() {}

    /// Validates and applies every document of one file; returns one finding per document.
    public mutating func add(_ documents: [ManifestDocument], file: String) -> [ValidationFinding] {
        documents.map { add($0, file: file) }
    }

    mutating func add(_ doc: ManifestDocument, file: String) -> ValidationFinding {
        switch doc.result {
        case .failure(let e):
            if let (apiVersion, kind, name) = doc.unmodelled {
                return ValidationFinding(
                    status: .warning, file: file, document: doc.index, line: doc.line, object: "\(kind)/\(name)", field: "kind",
                    reason: "\(apiVersion) \(kind) is not a kind scnet checks; passed over")
            }
            return ValidationFinding(status: .error, file: file, document: doc.index, line: e.line, object: e.object ?? "", field: e.field, reason: e.message)
        case .success(let resource):
            let r = Admission.defaultedNamespace(resource)
            let violations = cluster.apply(r)
            if let first = violations.first {
                // One line per object: its first violation, then the others after "; ".
                let others = violations.dropFirst().map { "; \($0.field): \($0.reason)" }.joined()
                let finding = ValidationFinding(
                    status: .error, file: file, document: doc.index, line: doc.line(of: first.field), object: r.reference,
                    field: first.field, reason: first.reason + others)
                return finding
            }
            let key = r.reference
            if origins[key] == nil { order.append(key) }
            origins[key] = (file, doc)
            return ValidationFinding(status: .ok, file: file, document: doc.index, line: doc.line, object: r.reference)
        }
    }

    /// Warnings for references that did not resolve once everything was applied.
    public func unresolvedReferences() -> [ValidationFinding] {
        var out: [ValidationFinding] = []
        for key in order {
            guard let (file, doc) = origins[key], case .success(let applied) = doc.result,
                let resource = cluster.existing(Admission.defaultedNamespace(applied))
            else { continue }
            for v in Admission.unresolvedReferences(of: resource, in: cluster) {
                out.append(ValidationFinding(status: .warning, file: file, document: doc.index, line: doc.line(of: v.field), object: resource.reference, field: v.field, reason: v.reason))
            }
        }
        return out
    }
}

extension Admission {
    /// Namespaced objects without a namespace go to `default`, as kubectl sends them.
    public static func defaultedNamespace(_ r: AnyResource) -> AnyResource {
        switch r {
        case .pod(var p) where p.metadata.namespace == nil:
            p.metadata.namespace = "default"
            return .pod(p)
        case .virtualMachine(var v) where v.metadata.namespace == nil:
            v.metadata.namespace = "default"
            return .virtualMachine(v)
        case .event(var e) where e.metadata.namespace == nil:
            e.metadata.namespace = "default"
            return .event(e)
        default:
            return r
        }
    }
}
