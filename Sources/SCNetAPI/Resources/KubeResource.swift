/// A Kubernetes object type that scnet models: its group/version, kind, plural resource name
/// and scope, and its metadata.
public protocol KubeResource: Codable, Hashable, Sendable {
    /// `group/version`, or `v1` for the core group.
    static var apiVersion: String { get }
    static var kind: String { get }
    /// The lower-case plural used in URLs, e.g. `subnets`.
    static var plural: String { get }
    static var isNamespaced: Bool { get }
    var metadata: ObjectMeta { get set }
}

extension KubeResource {
    /// `Kind/name`, or `Kind/namespace/name` for namespaced kinds — how scnet names objects in messages.
    public var reference: String {
        if let ns = metadata.namespace, Self.isNamespaced { return "\(Self.kind)/\(ns)/\(metadata.name)" }
        return "\(Self.kind)/\(metadata.name)"
    }

    /// The API group (empty for core).
    public static var group: String {
        let parts = apiVersion.split(separator: "/")
        return parts.count == 2 ? String(parts[0]) : ""
    }
}

/// Writes `apiVersion` and `kind` first, then the type's own fields; shared by every resource's `encode(to:)`.
func writeTypeMeta<R: KubeResource>(_ r: R.Type, _ f: inout FieldWriter) throws {
    try f("apiVersion", R.apiVersion)
    try f("kind", R.kind)
}

/// Reads and drops `apiVersion` and `kind` (the Swift type already says what they are).
func readTypeMeta(_ f: inout FieldReader) throws {
    let _: String? = try f("apiVersion")
    let _: String? = try f("kind")
}
