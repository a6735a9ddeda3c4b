/// One JSON-RPC 1.0 message as OVSDB uses it.
public enum RPCMessage: Sendable, Equatable {
    /// A request: expects a response with the same id.
    case request(id: JSON, method: String, params: [JSON])
    /// A notification: a request with `"id": null`, no response.
    case notification(method: String, params: [JSON])
    /// A response: exactly one of result/error is non-null.
    case response(id: JSON, result: JSON, error: JSON)

    /// Classifies a decoded JSON object.
    public init(_ json: JSON) throws(OVSDBError) {
        guard case .object(let members) = json else {
            throw .protocolViolation("a JSON-RPC message must be an object, got \(json)")
        }
        if let method = members["method"]?.stringValue {
            let params = members["params"]?.arrayValue ?? []
            let id = members["id"] ?? .null
            self = id.isNull ? .notification(method: method, params: params) : .request(id: id, method: method, params: params)
        } else if let id = members["id"] {
            self = .response(id: id, result: members["result"] ?? .null, error: members["error"] ?? .null)
        } else {
            throw .protocolViolation("message has neither method nor id: \(json)")
        }
    }

    /// The wire form of the message.
    public var json: JSON {
        switch self {
        case .request(let id, let method, let params): return ["id": id, "method": .string(method), "params": .array(params)]
        case .notification(let method, let params): return ["id": nil, "method": .string(method), "params": .array(params)]
        case .response(let id, let result, let error): return ["id": id, "result": result, "error": error]
        }
    }
}
