import SCNetAPI

/// Every way a request to the embedded API fails. Each case becomes a Kubernetes `Status` with the
/// code, reason and details kubectl reads (see ``status``), and its message names the object and why.
public enum KubeLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    case notFound(ServedResource, name: String)
    case namespaceNotFound(String)
    case alreadyExists(ServedResource, name: String)
    /// A stale `metadata.resourceVersion` on update or patch.
    case conflict(ServedResource, name: String)
    /// Admission refused the object: one violation per field.
    case invalid(ServedResource, name: String, [Violation])
    case badRequest(String)
    case unsupportedMediaType(ServedResource, contentType: String)
    case methodNotAllowed(String)
    case pathNotFound(String)
    /// A watch or list from a resourceVersion older than the kept history.
    case expired(requested: Int64, oldest: Int64)
    /// The data directory could not be read or written.
    case storage(String)
    /// The request carries no valid bearer token.
    case unauthorized

    public var description: String { message }

    var code: Int {
        switch self {
        case .notFound, .namespaceNotFound, .pathNotFound: 404
        case .alreadyExists, .conflict: 409
        case .invalid: 422
        case .badRequest: 400
        case .unsupportedMediaType: 415
        case .methodNotAllowed: 405
        case .expired: 410
        case .storage: 500
        case .unauthorized: 401
        }
    }

    var reason: String {
        switch self {
        case .notFound, .namespaceNotFound, .pathNotFound: "NotFound"
        case .alreadyExists: "AlreadyExists"
        case .conflict: "Conflict"
        case .invalid: "Invalid"
        case .badRequest: "BadRequest"
        case .unsupportedMediaType: "UnsupportedMediaType"
        case .methodNotAllowed: "MethodNotAllowed"
        case .expired: "Expired"
        case .storage: "InternalError"
        case .unauthorized: "Unauthorized"
        }
    }

    var message: String {
        switch self {
        case .notFound(let r, let name): "\(r.qualifiedName) \"\(name)\" not found"
        case .namespaceNotFound(let ns): "namespaces \"\(ns)\" not found"
        case .alreadyExists(let r, let name): "\(r.qualifiedName) \"\(name)\" already exists"
        case .conflict(let r, let name):
            "Operation cannot be fulfilled on \(r.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again"
        case .invalid(let r, let name, let violations):
            "\(r.group.isEmpty ? r.kind : "\(r.kind).\(r.group)") \"\(name)\" is invalid: "
                + violations.map { "\($0.field): \(Self.causeMessage($0))" }.joined(separator: ", ")
        case .badRequest(let m): m
        case .unsupportedMediaType(let r, let type):
            "\(type) is not supported by \(r.apiVersion), Kind=\(r.kind): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        case .methodNotAllowed(let m): "the server does not allow this method on the requested resource: \(m)"
        case .pathNotFound(let p): "the server could not find the requested resource (\(p))"
        case .expired(let requested, let oldest): "too old resource version: \(requested) (\(oldest))"
        case .storage(let m): "storage: \(m)"
        case .unauthorized: "Unauthorized"
        }
    }

    static func causeMessage(_ v: Violation) -> String { "Invalid value: \(v.reason)" }

    /// The `Status` body kubectl prints from.
    var status: JSONValue {
        var details: [String: JSONValue] = [:]
        switch self {
        case .notFound(let r, let name), .alreadyExists(let r, let name), .conflict(let r, let name):
            details = ["name": .string(name), "group": .string(r.group), "kind": .string(r.plural)]
        case .namespaceNotFound(let ns):
            details = ["name": .string(ns), "kind": .string("namespaces")]
        case .invalid(let r, let name, let violations):
            details = [
                "name": .string(name), "group": .string(r.group), "kind": .string(r.kind),
                "causes": .array(violations.map {
                    .object(["reason": .string("FieldValueInvalid"), "field": .string($0.field), "message": .string(Self.causeMessage($0))])
                }),
            ]
        default: break
        }
        var status: [String: JSONValue] = [
            "kind": .string("Status"), "apiVersion": .string("v1"), "metadata": .object([:]), "status": .string("Failure"),
            "message": .string(message), "reason": .string(reason), "code": .number(Double(code)),
        ]
        if !details.isEmpty { status["details"] = .object(details) }
        return .object(status)
    }
}

