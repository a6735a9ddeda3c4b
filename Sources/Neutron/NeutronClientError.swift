/// Every error the Neutron module throws.
///
/// HTTP failures carry the request (`POST /v2.0/floatingips`) and Neutron's own fault, so a
/// message reads like
/// `Neutron POST /v2.0/floatingips: 409 Conflict (IpAddressAlreadyAllocated): IP address 172.24.4.10 already allocated in subnet …`.
public enum NeutronClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 404: the object (or the URL) does not exist.
    case notFound(request: String, fault: NeutronFault)
    /// 409: the request conflicts with the current state, e.g. `IpAddressAlreadyAllocated`.
    case conflict(request: String, fault: NeutronFault)
    /// 400: Neutron refused the request (bad filter, bad attribute value …).
    case badRequest(request: String, fault: NeutronFault)
    /// 401 / 403: the token was refused, or the policy forbids the call.
    case notAuthorized(request: String, status: Int, fault: NeutronFault)
    /// Any other non-2xx status (5xx after the retries ran out, 413, …).
    case httpStatus(request: String, status: Int, fault: NeutronFault)
    /// The request never got an answer: connection refused/reset, timeout (after retries).
    case transport(request: String, attempts: Int, reason: String)
    /// A 2xx answer whose body is not what the API documents.
    case invalidResponse(request: String, reason: String)
    /// Keystone refused to issue a token, or answered in an unexpected shape.
    case authentication(authURL: String, reason: String)
    /// The token's catalog has no endpoint for the service type, interface and region.
    case noEndpoint(serviceType: String, interface: String, region: String?, available: [String])
    /// The client configuration is unusable (bad URL, missing variable …).
    case invalidConfiguration(field: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let request, let fault):
            return "Neutron \(request): 404 Not Found (\(fault.type)): \(fault.message)"
        case .conflict(let request, let fault):
            return "Neutron \(request): 409 Conflict (\(fault.type)): \(fault.message)"
        case .badRequest(let request, let fault):
            return "Neutron \(request): 400 Bad Request (\(fault.type)): \(fault.message)"
        case .notAuthorized(let request, let status, let fault):
            return "Neutron \(request): \(status) not authorized (\(fault.type)): \(fault.message)"
        case .httpStatus(let request, let status, let fault):
            return "Neutron \(request): HTTP \(status) (\(fault.type)): \(fault.message)"
        case .transport(let request, let attempts, let reason):
            return "Neutron \(request): no answer after \(attempts) attempt(s): \(reason)"
        case .invalidResponse(let request, let reason):
            return "Neutron \(request): unexpected response: \(reason)"
        case .authentication(let authURL, let reason):
            return "Keystone \(authURL): authentication failed: \(reason)"
        case .noEndpoint(let serviceType, let interface, let region, let available):
            let where_ = region.map { " in region \($0)" } ?? ""
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "Keystone catalog: no \(interface) endpoint for service type \"\(serviceType)\"\(where_) (available: \(list))"
        case .invalidConfiguration(let field, let reason):
            return "Neutron client configuration: \(field): \(reason)"
        }
    }

    /// Neutron's fault for HTTP errors, nil for the others.
    public var fault: NeutronFault? {
        switch self {
        case .notFound(_, let fault), .conflict(_, let fault), .badRequest(_, let fault),
            .notAuthorized(_, _, let fault), .httpStatus(_, _, let fault):
            return fault
        default:
            return nil
        }
    }

    /// Maps a non-2xx answer to the matching case.
    static func from(status: Int, request: String, fault: NeutronFault) -> NeutronClientError {
        switch status {
        case 400: return .badRequest(request: request, fault: fault)
        case 401, 403: return .notAuthorized(request: request, status: status, fault: fault)
        case 404: return .notFound(request: request, fault: fault)
        case 409: return .conflict(request: request, fault: fault)
        default: return .httpStatus(request: request, status: status, fault: fault)
        }
    }
}
