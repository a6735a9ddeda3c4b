/// What ``FloatingIPBinder`` made of one ``FloatingIPUse``.
public struct FloatingIPBinding: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The workload holds Fip `fip` and its NAT row is on the router.
        case bound(fip: String)
        /// The workload holds Fip `fip` but its router is not in the Northbound yet: no NAT row.
        case waitingForRouter(fip: String)
        /// The workload does not get the floating IP (or its NAT), for `refusal`'s reason.
        case refused(FloatingIPRefusal)
        /// Something failed on the way (API, Neutron, OVSDB); the next pass tries again.
        case failed(String)
    }

    public var use: FloatingIPUse
    public var outcome: Outcome

    public init(use: FloatingIPUse, outcome: Outcome) {
        self.use = use
        self.outcome = outcome
    }

    public var isBound: Bool { if case .bound = outcome { true } else { false } }
    public var refusal: FloatingIPRefusal? { if case .refused(let r) = outcome { r } else { nil } }
}

/// Why a workload does not get (the NAT of) the floating IP it asks for; `reason` is the Event reason.
public struct FloatingIPRefusal: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        /// No Fip records the address (not tagged for the pool in Neutron, or not synced yet).
        case notInPool = "FipNotInPool"
        /// Another workload holds it, or asked first.
        case taken = "FipTaken"
        /// The floating IP was deleted in Neutron while the workload holds it.
        case deletedInNeutron = "FipDeletedInNeutron"
        /// Neutron associated the floating IP to one of its ports while the workload holds it.
        case associatedInNeutron = "FipAssociatedInNeutron"
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
