/// Query parameters of a list or watch: selectors, paging and the resourceVersion to start from.
///
/// ```swift
/// let pods = try await client.list(Pod.self, namespace: "default",
///                                   options: ListOptions(labelSelector: "app=web"))
/// ```
public struct ListOptions: Sendable, Hashable {
    /// `labelSelector`, e.g. `app=web,tier!=db`.
    public var labelSelector: String?
    /// `fieldSelector`, e.g. `metadata.name=s1`.
    public var fieldSelector: String?
    /// Page size (`limit`); `nil` asks for everything at once.
    public var limit: Int?
    /// The continue token of the page to read next.
    public var continueToken: String?
    /// `resourceVersion`: for a watch, the version to stream changes after.
    public var resourceVersion: String?
    /// For a watch: ask the server to end it after this many seconds (it is then resumed).
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil,
        continueToken: String? = nil, resourceVersion: String? = nil, timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.timeoutSeconds = timeoutSeconds
    }

    /// The query items, in a fixed order.
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        if let limit { items.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { items.append(("continue", continueToken)) }
        if let resourceVersion { items.append(("resourceVersion", resourceVersion)) }
        if let timeoutSeconds { items.append(("timeoutSeconds", String(timeoutSeconds))) }
        return items
    }
}
