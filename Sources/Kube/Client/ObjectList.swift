import SCNetAPI

/// One page of a list (`SubnetList`…): its items and the list's `metadata`.
public struct ObjectList<R: KubeResource>: Sendable, Decodable {
    public var items: [R]
    /// The "now" version of the collection; a watch from it sees every later change.
    public var resourceVersion: String
    /// The token of the next page, when the list was cut by `limit`.
    public var continueToken: String?

    public init(items: [R], resourceVersion: String, continueToken: String? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
    }

    private struct ListMeta: Decodable {
        var resourceVersion: String?
        var `continue`: String?
    }

    enum CodingKeys: String, CodingKey { case items, metadata }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        items = try c.decodeIfPresent([R].self, forKey: .items) ?? []
        let meta = try c.decodeIfPresent(ListMeta.self, forKey: .metadata)
        resourceVersion = meta?.resourceVersion ?? ""
        continueToken = meta?.continue.flatMap { $0.isEmpty ? nil : $0 }
    }
}
