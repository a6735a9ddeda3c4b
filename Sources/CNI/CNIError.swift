/// An error as the CNI specification returns it on stdout: `{"cniVersion", "code", "msg", "details"}`.
/// Codes 1–99 are the specification's; 100 and above are scnet's own (see ``Code``).
public struct CNIError: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public var cniVersion: String
    public var code: Int
    public var msg: String
    public var details: String?

    public init(_ code: Int, _ msg: String, details: String? = nil, cniVersion: String = CNIVersion.latest) {
        self.code = code
        self.msg = msg
        self.details = details
        self.cniVersion = cniVersion
    }

    public var description: String { "CNI error \(code): \(msg)" + (details.map { " (\($0))" } ?? "") }

    /// The specification's well-known error codes, and scnet's own above 100.
    public enum Code {
        public static let incompatibleVersion = 1
        public static let unsupportedField = 2
        public static let unknownContainer = 3
        public static let invalidEnvironment = 4
        public static let ioFailure = 5
        public static let decodingFailure = 6
        public static let invalidNetworkConfig = 7
        public static let tryAgainLater = 11
        public static let pluginNotAvailable = 50
        /// The pod has no network yet: the controller has not annotated it within the deadline.
        public static let podNotAnnotated = 100
        /// ovn-controller did not mark the interface installed within the deadline.
        public static let portNotInstalled = 101
        /// CHECK found the attachment different from what it should be.
        public static let checkFailed = 102
        /// The agent could not be reached on its socket.
        public static let agentUnreachable = 103
    }
}

/// The CNI specification versions scnet speaks.
public enum CNIVersion {
    public static let latest = "1.1.0"
    public static let supported = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]

    /// Whether a result for `version` lists each address's IP family (`"version": "4"`): before 1.0.
    public static func listsAddressFamily(_ version: String) -> Bool { version.hasPrefix("0.") }
}
