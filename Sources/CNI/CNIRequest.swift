/// One plugin invocation as `scnet-cni` forwards it to the agent: the `CNI_*` environment of
/// the runtime's call and the network configuration it read on stdin, unparsed.
public struct CNIRequest: Codable, Sendable, Equatable {
    /// `ADD`, `DEL`, `CHECK`, `STATUS` or `GC` (`VERSION` is answered by the plugin itself).
    public var command: String
    public var containerID: String
    /// Path of the container's network namespace (`CNI_NETNS`); may be empty for DEL, STATUS and GC.
    public var netns: String
    public var ifName: String
    /// `CNI_ARGS` split into pairs (`K8S_POD_NAMESPACE`, `K8S_POD_NAME`, …).
    public var args: [String: String]
    /// The network configuration as the runtime passed it (JSON).
    public var config: String

    public init(command: String, containerID: String, netns: String, ifName: String, args: [String: String], config: String) {
        self.command = command
        self.containerID = containerID
        self.netns = netns
        self.ifName = ifName
        self.args = args
        self.config = config
    }

    /// Parses `CNI_ARGS` (`K=V;K=V`); pairs without `=` are ignored.
    public static func parseArgs(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: ";") {
            guard let eq = pair.firstIndex(of: "=") else { continue }
            out[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return out
    }
}

/// The agent's answer: the bytes the plugin prints on stdout and whether it exits with success.
public struct CNIResponse: Codable, Sendable, Equatable {
    public var success: Bool
    /// The CNI result (ADD), nothing (DEL, CHECK, GC, STATUS), or a ``CNIError`` as JSON.
    public var output: String

    public init(success: Bool, output: String) {
        self.success = success
        self.output = output
    }
}
