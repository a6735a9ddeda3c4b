import Neutron
import SCNetAPI

/// What pool sync does with one Fip or one Neutron floating IP — pure decisions, tested
/// without servers; ``FloatingIPPool`` carries them out.
enum FloatingIPPoolPlan {
    /// The spec a Fip for `floatingIP` must have.
    static func spec(for floatingIP: FloatingIP) -> FipSpec {
        FipSpec(
            address: floatingIP.floatingIPAddress, floatingIPID: floatingIP.id,
            externalNetworkID: floatingIP.floatingNetworkID, projectID: floatingIP.projectID)
    }

    /// `spec` with the fields Neutron decides replaced, unknown fields kept.
    static func merged(_ spec: FipSpec, with wanted: FipSpec) -> FipSpec {
        var spec = spec
        spec.address = wanted.address
        spec.floatingIPID = wanted.floatingIPID
        spec.externalNetworkID = wanted.externalNetworkID
        spec.projectID = wanted.projectID
        return spec
    }

    /// The status a Fip for `floatingIP` should have given Neutron's view, or nil when the
    /// current one is right. Claims by workloads are the binder's business and left alone;
    /// only Neutron's own association is reflected here.
    static func status(current: FipStatus?, floatingIP: FloatingIP) -> FipStatus? {
        let status = current ?? FipStatus()
        var next = status
        if let port = floatingIP.portID {
            if !FloatingIPNames.isWorkload(status.usedBy) {
                next = status.held(by: FloatingIPNames.neutronPortUser(port), usage: nil)
                    .settingReady(true, reason: FipReady.inPool, message: "used by neutron port \(port)")
            }
        } else if status.usedBy?.kind == FloatingIPNames.neutronPortKind || status.phase == nil
            || (status.phase == FipStatus.inUse && status.usedBy == nil)
        {
            next = status.released().settingReady(true, reason: FipReady.inPool, message: "recorded from Neutron")
        } else if status.ready?.reason == FipReady.deletedInNeutron {
            // Back in Neutron (or a new one with the same address was recorded).
            next = status.settingReady(true, reason: FipReady.inPool, message: "recorded from Neutron")
        }
        return next == status && current != nil ? nil : next
    }

    /// What to do with a Fip whose floating IP is no longer in the pool.
    enum Gone: Equatable {
        /// Nobody uses it: delete the Fip.
        case delete
        /// A workload still holds it: keep it, flagged, and say so.
        case keep(FipStatus, message: String)
        /// Already flagged.
        case alreadyFlagged
    }

    static func gone(_ fip: Fip) -> Gone {
        let status = fip.status ?? FipStatus()
        guard status.phase == FipStatus.inUse, FloatingIPNames.isWorkload(status.usedBy), let user = status.usedBy else {
            return .delete
        }
        let message = "floating IP \(fip.spec.address ?? "?") (Neutron \(fip.spec.floatingIPID ?? "?")) is no longer in Neutron's pool but \(user) still uses it"
        let next = status.settingReady(false, reason: FipReady.deletedInNeutron, message: message)
        return next == status ? .alreadyFlagged : .keep(next, message: message)
    }
}
