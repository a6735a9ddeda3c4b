/// What one source of facts (the Southbound database, the node's OVS, ovn-trace) said, or why
/// it was not consulted — so a check can answer `skip` with the reason instead of guessing.
public enum Observation<Facts: Sendable>: Sendable {
    case observed(Facts)
    /// Not consulted; the text says why and how to consult it (`no --sb given (or SCNET_OVN_SB)`).
    case notObserved(String)

    public var facts: Facts? {
        if case .observed(let facts) = self { return facts }
        return nil
    }
}

extension Observation: Equatable where Facts: Equatable {}
