/// Core `v1` Namespace. scnet reads its labels (SPEC S13, S16); spec and status are kept as they are.
public struct Namespace: RawSpecResource {
    public static let apiVersion = "v1"
    public static let kind = "Namespace"
    public static let plural = "namespaces"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: [String: JSONValue]
    public var status: [String: JSONValue]
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta) {
        self.metadata = metadata
        spec = [:]
        status = [:]
    }

    /// Whether the namespace opted in to this network (`managed.es.io/resource: namespace`).
    public var isManaged: Bool { metadata.labels[Label.managedResource] == Label.managedResourceNamespace }
    /// Its OpenStack project (`managed.es.io/project-id`).
    public var projectID: String? { metadata.labels[Label.projectID] }
}

/// Core `v1` Pod. scnet reads and writes annotations and reads a few spec and status fields;
/// everything else (containers, volumes…) is kept untouched in ``spec`` and ``status``.
public struct Pod: RawSpecResource {
    public static let apiVersion = "v1"
    public static let kind = "Pod"
    public static let plural = "pods"
    public static let isNamespaced = true

    public var metadata: ObjectMeta
    public var spec: [String: JSONValue]
    public var status: [String: JSONValue]
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta) { self.init(metadata: metadata, spec: [:]) }

    public init(metadata: ObjectMeta, spec: [String: JSONValue]) {
        self.metadata = metadata
        self.spec = spec
        status = [:]
    }

    public var nodeName: String? { spec["nodeName"]?.stringValue }
    public var hostNetwork: Bool { spec["hostNetwork"] == .bool(true) }
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    public var phase: String? { status["phase"]?.stringValue }
}

/// Core `v1` Node: a chassis candidate for gateways (SPEC S7).
public struct Node: RawSpecResource {
    public static let apiVersion = "v1"
    public static let kind = "Node"
    public static let plural = "nodes"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: [String: JSONValue]
    public var status: [String: JSONValue]
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta) {
        self.metadata = metadata
        spec = [:]
        status = [:]
    }

    /// The node's `InternalIP`, if reported.
    public var internalIP: String? {
        status["addresses"]?.arrayValue?.first { $0["type"]?.stringValue == "InternalIP" }?["address"]?.stringValue
    }
}

/// `kubevirt.io/v1` VirtualMachine: scnet reads only its template's annotations (SPEC S12).
public struct VirtualMachine: RawSpecResource {
    public static let apiVersion = "kubevirt.io/v1"
    public static let kind = "VirtualMachine"
    public static let plural = "virtualmachines"
    public static let isNamespaced = true

    public var metadata: ObjectMeta
    public var spec: [String: JSONValue]
    public var status: [String: JSONValue]
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta) { self.init(metadata: metadata, templateAnnotations: [:]) }

    public init(metadata: ObjectMeta, templateAnnotations: [String: String]) {
        self.metadata = metadata
        status = [:]
        let annotations = templateAnnotations.mapValues { JSONValue.string($0) }
        spec = ["template": .object(["metadata": .object(["annotations": .object(annotations)])])]
    }

    /// `spec.template.metadata.annotations`, where the VM's network settings live.
    public var templateAnnotations: [String: String] {
        guard let o = spec["template"]?["metadata"]?["annotations"]?.objectValue else { return [:] }
        return o.compactMapValues(\.stringValue)
    }
}
