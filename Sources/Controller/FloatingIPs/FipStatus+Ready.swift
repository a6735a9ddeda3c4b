import Foundation
import SCNetAPI

/// The `Ready` condition of a Fip: `True` while Neutron and our records agree, `False` with a
/// reason (`DeletedInNeutron`, `AssociatedInNeutron`) when they do not, so `kubectl describe fip`
/// says why a floating IP is not doing its job.
enum FipReady {
    static let type = "Ready"
    static let inPool = "InPool"
    static let deletedInNeutron = "DeletedInNeutron"
    static let associatedInNeutron = "AssociatedInNeutron"

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}

extension FipStatus {
    /// The `Ready` condition, if any.
    var ready: Condition? { conditions.first { $0.type == FipReady.type } }

    /// This status with `Ready` set; the transition time moves only when the truth value changes.
    func settingReady(_ ok: Bool, reason: String, message: String) -> FipStatus {
        var status = self
        var condition = Condition(type: FipReady.type, status: ok, reason: reason, message: message)
        if let old = ready, old.status == condition.status {
            if old.reason == reason && old.message == message { return self }
            condition.lastTransitionTime = old.lastTransitionTime
        } else {
            condition.lastTransitionTime = FipReady.now()
        }
        status.conditions.removeAll { $0.type == FipReady.type }
        status.conditions.append(condition)
        return status
    }

    /// Held by `user` for `usage`, everything else kept.
    func held(by user: FipUser, usage: String?) -> FipStatus {
        var status = self
        status.phase = FipStatus.inUse
        status.usedBy = user
        status.usage = usage
        return status
    }

    /// Free again.
    func released() -> FipStatus {
        var status = self
        status.phase = FipStatus.available
        status.usedBy = nil
        status.usage = nil
        return status
    }

    /// A new pool member's status.
    static func fresh() -> FipStatus {
        FipStatus(phase: FipStatus.available).settingReady(true, reason: FipReady.inPool, message: "recorded from Neutron")
    }
}
