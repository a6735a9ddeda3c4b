import Foundation
import SCNetAPI

/// Status conditions as Kubernetes keeps them: one per type, `lastTransitionTime` moving only
/// when the status flips, so re-reconciling an unchanged object writes nothing.
enum Conditions {
    static func set(
        _ conditions: inout [Condition], type: String, _ status: Bool, reason: String, message: String,
        now: Date = Date()
    ) {
        var condition = Condition(type: type, status: status, reason: reason, message: message)
        if let old = conditions.first(where: { $0.type == type }) {
            condition.lastTransitionTime = old.status == condition.status ? old.lastTransitionTime : timestamp(now)
            if old.status == condition.status, old.reason == reason, old.message == message {
                condition.lastUpdateTime = old.lastUpdateTime
            } else {
                condition.lastUpdateTime = timestamp(now)
            }
        } else {
            condition.lastTransitionTime = timestamp(now)
            condition.lastUpdateTime = timestamp(now)
        }
        conditions.removeAll { $0.type == type }
        conditions.append(condition)
        conditions.sort { $0.type < $1.type }
    }

    static func remove(_ conditions: inout [Condition], type: String) { conditions.removeAll { $0.type == type } }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
