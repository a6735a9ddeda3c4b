import Foundation
import SCNetAPI

extension KubeClient {
    /// Records a core `v1` Event about `object`, the way `kubectl describe` shows them. A repeat
    /// of the same reason, type and message on the same object bumps the existing Event's
    /// `count` and `lastTimestamp` instead of creating another.
    ///
    /// ```swift
    /// try await client.record(reason: "CIDRConflict", message: "overlaps subnet a-1", type: .warning, on: subnet)
    /// ```
    @discardableResult
    public func record<R: KubeResource>(
        reason: String, message: String, type: EventType = .normal, on object: R,
        component: String = "scnet-controller", now: Date = Date()
    ) async throws -> Event {
        // Cluster-scoped objects get their Events in `default`, as kube-apiserver's clients do.
        let namespace = R.isNamespaced ? (object.metadata.namespace ?? config.namespace) : "default"
        let involved = ObjectReference(to: object)
        let name = Self.eventName(for: involved, reason: reason, type: type.rawValue, message: message)
        let timestamp = Self.timestamp(now)
        for _ in 0..<3 {
            do {
                let existing = try await get(Event.self, name: name, namespace: namespace)
                let count = (existing.count ?? 1) + 1
                let patch: JSONValue = [
                    "count": .number(Double(count)), "lastTimestamp": .string(timestamp),
                    "metadata": ["resourceVersion": .string(existing.metadata.resourceVersion ?? "")],
                ]
                do {
                    return try await self.patch(Event.self, name: name, namespace: namespace, .merge(patch))
                } catch let error as KubeError where error.isConflict {
                    continue
                }
            } catch let error as KubeError where error.isNotFound {
                var event = Event(
                    metadata: ObjectMeta(name: name, namespace: namespace), involvedObject: involved,
                    type: type.rawValue, reason: reason, message: message)
                event.source = ["component": component]
                event.reportingComponent = component
                event.firstTimestamp = timestamp
                event.lastTimestamp = timestamp
                do {
                    return try await create(event)
                } catch let error as KubeError where error.isAlreadyExists {
                    continue
                }
            }
        }
        throw KubeError.conflict(
            APIStatus(code: 409, reason: "Conflict", message: "event \(namespace)/\(name) kept changing while being recorded"))
    }

    /// `<object>.<hash>`: one name per (object, reason, type, message), so repeats find each other.
    static func eventName(for object: ObjectReference, reason: String, type: String, message: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let key = [object.kind, object.namespace, object.name, object.uid, reason, type, message]
            .map { $0 ?? "" }.joined(separator: "\u{1f}")
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let prefix = String((object.name ?? "object").prefix(200))
        return prefix + "." + String(hash, radix: 16)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// The `type` of an Event.
public enum EventType: String, Sendable {
    case normal = "Normal"
    case warning = "Warning"
}
