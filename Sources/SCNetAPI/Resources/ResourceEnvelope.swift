/// A resource shaped `{apiVersion, kind, metadata, spec, status}` with typed spec and status:
/// the JSON envelope is read and written here once for every such kind, unknown fields kept.
public protocol SpecStatusResource: KubeResource {
    associatedtype Spec: Codable & Hashable & Sendable
    associatedtype Status: Codable & Hashable & Sendable
    var spec: Spec { get set }
    var status: Status? { get set }
    /// Top-level fields scnet does not model.
    var unknownFields: [String: JSONValue] { get set }
    /// The spec of a manifest that has none.
    static var emptySpec: Spec { get }
    init(metadata: ObjectMeta, spec: Spec, status: Status?)
}

extension SpecStatusResource {
    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        try readTypeMeta(&f)
        self.init(metadata: try f("metadata", default: ObjectMeta(name: "")), spec: try f("spec", default: Self.emptySpec), status: try f("status"))
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try writeTypeMeta(Self.self, &f)
        try f("metadata", metadata)
        try f("spec", spec)
        try f("status", status)
        try f.unknown(unknownFields)
    }
}

/// A resource whose spec and status scnet keeps as raw JSON and reads through accessors
/// (core kinds and KubeVirt's VirtualMachine: scnet reads a few fields of large specs).
public protocol RawSpecResource: KubeResource {
    var spec: [String: JSONValue] { get set }
    var status: [String: JSONValue] { get set }
    var unknownFields: [String: JSONValue] { get set }
    init(metadata: ObjectMeta)
}

extension RawSpecResource {
    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        try readTypeMeta(&f)
        self.init(metadata: try f("metadata", default: ObjectMeta(name: "")))
        spec = try f("spec", default: [:])
        status = try f("status", default: [:])
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try writeTypeMeta(Self.self, &f)
        try f("metadata", metadata)
        try f.nonEmpty("spec", spec)
        try f.nonEmpty("status", status)
        try f.unknown(unknownFields)
    }
}
