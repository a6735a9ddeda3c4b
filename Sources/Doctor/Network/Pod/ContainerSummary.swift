import SCNetAPI

/// One container's state from `status.containerStatuses` (and `initContainerStatuses`): what
/// `kubectl describe pod` shows under State and Last State.
public struct ContainerSummary: Sendable, Codable, Equatable {
    /// A container state: `running`, `waiting` (with a reason) or `terminated` (exit code…).
    public struct State: Sendable, Codable, Equatable {
        public var kind: String
        public var reason: String?
        public var message: String?
        public var exitCode: Int?

        public init(kind: String, reason: String? = nil, message: String? = nil, exitCode: Int? = nil) {
            self.kind = kind
            self.reason = reason
            self.message = message
            self.exitCode = exitCode
        }

        /// `terminated: exit code 127, reason Error: "sh: foo: not found"`.
        public var text: String {
            var text = kind
            var parts: [String] = []
            if let exitCode { parts.append("exit code \(exitCode)") }
            if let reason { parts.append("reason \(reason)") }
            if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
            if let message, !message.isEmpty { text += ": \"\(message)\"" }
            return text
        }

        init?(_ json: JSONValue?) {
            guard let object = json?.objectValue else { return nil }
            for kind in ["terminated", "waiting", "running"] {
                guard let detail = object[kind]?.objectValue else { continue }
                var exitCode: Int?
                if case .number(let n) = detail["exitCode"] { exitCode = Int(n) }
                self.init(kind: kind, reason: detail["reason"]?.stringValue, message: detail["message"]?.stringValue,
                          exitCode: exitCode)
                return
            }
            return nil
        }
    }

    public var name: String
    public var isInit: Bool
    public var state: State?
    public var lastState: State?
    public var restartCount: Int

    public init(name: String, isInit: Bool = false, state: State?, lastState: State? = nil, restartCount: Int = 0) {
        self.name = name
        self.isInit = isInit
        self.state = state
        self.lastState = lastState
        self.restartCount = restartCount
    }

    /// The pod's containers, init containers first.
    public static func of(_ pod: Pod) -> [ContainerSummary] {
        func read(_ key: String, isInit: Bool) -> [ContainerSummary] {
            (pod.status[key]?.arrayValue ?? []).compactMap { item in
                guard let name = item["name"]?.stringValue else { return nil }
                var restarts = 0
                if case .number(let n) = item["restartCount"] { restarts = Int(n) }
                return ContainerSummary(name: name, isInit: isInit, state: State(item["state"]),
                                        lastState: State(item["lastState"]), restartCount: restarts)
            }
        }
        return read("initContainerStatuses", isInit: true) + read("containerStatuses", isInit: false)
    }
}
