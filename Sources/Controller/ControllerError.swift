/// Why the controller could not do something; messages name the object, the field and the reason.
public enum ControllerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A spec that admission should have refused (e.g. written past it on a real cluster).
    case invalidSpec(kind: String, name: String, reason: String)
    /// A required configuration value is missing or wrong.
    case configuration(field: String, reason: String)
    /// A dependency (API, OVN, Neutron) did not become ready in time.
    case notReady(component: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSpec(let kind, let name, let reason): "\(kind) \"\(name)\": \(reason)"
        case .configuration(let field, let reason): "configuration \(field): \(reason)"
        case .notReady(let component, let reason): "\(component) is not ready: \(reason)"
        }
    }
}
