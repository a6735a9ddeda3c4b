import Foundation

/// The error body Neutron sends with a failed request:
/// `{"NeutronError": {"type": "RouterNotFound", "message": "Router … could not be found", "detail": ""}}`.
///
/// Bodies that are not in this shape (a proxy's HTML page, webob's plain text) become a fault
/// whose `type` is `HTTP <status>` and whose `message` is the start of the body text.
public struct NeutronFault: Sendable, Equatable, Codable {
    /// Neutron's exception class name, e.g. `IpAddressAlreadyAllocated`.
    public var type: String
    /// Neutron's human-readable message.
    public var message: String
    /// Extra detail; usually empty.
    public var detail: String

    public init(type: String, message: String, detail: String = "") {
        self.type = type
        self.message = message
        self.detail = detail
    }

    private struct Envelope: Decodable {
        var NeutronError: NeutronFault
    }

    /// Reads a fault from a response body, falling back to the body text.
    static func parse(status: Int, body: Data) -> NeutronFault {
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: body) {
            return envelope.NeutronError
        }
        let text = String(decoding: body.prefix(500), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return NeutronFault(type: "HTTP \(status)", message: text.isEmpty ? "(empty body)" : text)
    }
}
