import Neutron
import SCNetAPI

/// Who gets one floating IP among the workloads asking for it, decided from what the Fip and
/// Neutron say — a pure function, so the rules are tested without servers:
///
/// 1. no Fip records the address → everyone is refused (`FipNotInPool`);
/// 2. the winner is the current holder if it still asks, else the oldest (`createdAt`, then
///    `namespace/name`); every other workload is refused (`FipTaken`);
/// 3. if Neutron deleted the floating IP, or associated it to one of its ports, the winner keeps
///    its claim (nothing else may take it) but gets no NAT: `conflict` says why.
struct FloatingIPClaimDecision: Equatable {
    var winner: FloatingIPUse?
    /// Each loser with its refusal.
    var refused: [(FloatingIPUse, FloatingIPRefusal)]
    /// Set when Neutron disagrees: the winner is refused its NAT for this reason.
    var conflict: FloatingIPRefusal?

    static func == (a: Self, b: Self) -> Bool {
        a.winner == b.winner && a.conflict == b.conflict
            && a.refused.map(\.0) == b.refused.map(\.0) && a.refused.map(\.1) == b.refused.map(\.1)
    }

    static func decide(address: String, fip: Fip?, neutron: FloatingIP?, uses: [FloatingIPUse]) -> FloatingIPClaimDecision {
        guard let fip else {
            let refusal = FloatingIPRefusal(
                .notInPool, "\(address) is not a floating IP of the container pool (kubectl get fips lists them)")
            return FloatingIPClaimDecision(winner: nil, refused: uses.map { ($0, refusal) }, conflict: nil)
        }
        let ordered = uses.sorted(by: precedes)
        let holder = fip.status?.usedBy
        let winner = ordered.first { $0.user == holder } ?? ordered.first
        var refused: [(FloatingIPUse, FloatingIPRefusal)] = []
        if let winner {
            for use in ordered where use != winner {
                let message: String
                if use.user == winner.user {
                    message = "\(address) (Fip \"\(fip.metadata.name)\") is already used by \(winner.user) as \(winner.kind.rawValue)"
                } else {
                    message = "\(address) (Fip \"\(fip.metadata.name)\") is already used by \(winner.user)"
                }
                refused.append((use, FloatingIPRefusal(.taken, message)))
            }
        }
        return FloatingIPClaimDecision(winner: winner, refused: refused, conflict: conflict(fip: fip, neutron: neutron))
    }

    /// Why Neutron's view forbids NAT on this floating IP, or nil.
    static func conflict(fip: Fip, neutron: FloatingIP?) -> FloatingIPRefusal? {
        let address = fip.spec.address ?? fip.metadata.name
        guard let neutron else {
            return FloatingIPRefusal(
                .deletedInNeutron,
                "\(address) (Fip \"\(fip.metadata.name)\", Neutron floating IP \(fip.spec.floatingIPID ?? "?")) was deleted in Neutron")
        }
        if let port = neutron.portID {
            return FloatingIPRefusal(
                .associatedInNeutron,
                "\(address) (Fip \"\(fip.metadata.name)\") was associated in Neutron to port \(port); NAT removed, nothing is shared")
        }
        return nil
    }

    /// Older first; without a creation time, after those with one; then by name and kind.
    static func precedes(_ a: FloatingIPUse, _ b: FloatingIPUse) -> Bool {
        switch (a.createdAt, b.createdAt) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return (a.workload, a.kind.rawValue) < (b.workload, b.kind.rawValue)
        }
    }
}
