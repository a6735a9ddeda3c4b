import SCNetAPI

/// The answer of `scnet doctor pod`: the pod's phase, its containers' states, its last Events,
/// then one check per hop of its network.
public struct PodReport: Sendable, Codable, Equatable {
    /// One Event about the pod, as `kubectl describe` lists them.
    public struct EventLine: Sendable, Codable, Equatable {
        public var type: String
        public var reason: String
        public var message: String
        public var count: Int
        public var lastTimestamp: String?
    }

    /// `namespace/name`.
    public var pod: String
    public var phase: String?
    public var node: String?
    public var containers: [ContainerSummary]
    public var events: [EventLine]
    public var checks: [CheckResult]

    public var passed: Bool { checks.allPassed }

    /// The report as lines for people.
    public var text: String {
        var lines = ["pod \(pod)  phase \(phase ?? "unknown")  node \(node ?? "none")"]
        for c in containers {
            var line = "  \(c.isInit ? "init container" : "container") \(c.name): \(c.state?.text ?? "no state yet")"
            if c.restartCount > 0 { line += "  (restarts \(c.restartCount))" }
            lines.append(line)
            if let last = c.lastState { lines.append("    last state: \(last.text)") }
        }
        if events.isEmpty {
            lines.append("  no events")
        } else {
            lines.append("  last events (oldest first):")
            for e in events {
                lines.append("    \(e.lastTimestamp ?? "-")  \(e.type)  \(e.reason)\(e.count > 1 ? " (x\(e.count))" : "")  \(e.message)")
            }
        }
        return (lines + checks.map(\.line)).joined(separator: "\n")
    }

    /// The last `limit` Events about the pod, oldest first.
    static func eventLines(_ events: [Event], limit: Int = 10) -> [EventLine] {
        events.suffix(limit).map {
            EventLine(type: $0.type ?? "Normal", reason: $0.reason ?? "", message: $0.message ?? "", count: $0.count ?? 1,
                      lastTimestamp: $0.lastTimestamp ?? $0.firstTimestamp ?? $0.metadata.creationTimestamp)
        }
    }

    /// Events concerning pod `name`, oldest first.
    public static func eventsAbout(pod name: String, in events: [Event]) -> [Event] {
        events.filter { $0.involvedObject.name == name && ($0.involvedObject.kind ?? "Pod") == "Pod" }
            .sorted { ($0.lastTimestamp ?? $0.firstTimestamp ?? $0.metadata.creationTimestamp ?? "")
                < ($1.lastTimestamp ?? $1.firstTimestamp ?? $1.metadata.creationTimestamp ?? "") }
    }
}
