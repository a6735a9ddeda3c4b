/// `kubeovn.io/v1` IP (`ips.kubeovn.io`): the record of one pod NIC's addresses, named
/// `<pod>.<namespace>`. Written before the logical port exists; IPAM is rebuilt from these (X3).
public struct IP: KubeResource {
    public static let apiVersion = "kubeovn.io/v1"
    public static let kind = "IP"
    public static let plural = "ips"
    public static let isNamespaced = false

    public var metadata: ObjectMeta
    public var spec: IPSpec
    public var unknownFields: [String: JSONValue] = [:]

    public init(metadata: ObjectMeta, spec: IPSpec) {
        self.metadata = metadata
        self.spec = spec
    }

    /// Kube-OVN's record name for a pod: `<pod>.<namespace>`.
    public static func name(pod: String, namespace: String) -> String { "\(pod).\(namespace)" }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        try readTypeMeta(&f)
        metadata = try f("metadata", default: ObjectMeta(name: ""))
        spec = try f("spec", default: IPSpec())
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try writeTypeMeta(Self.self, &f)
        try f("metadata", metadata)
        try f("spec", spec)
        try f.unknown(unknownFields)
    }
}

/// The addresses of one NIC, with Kube-OVN's field names.
public struct IPSpec: Hashable, Sendable, Codable {
    public var podName: String?
    public var namespace: String?
    public var subnet: String?
    public var nodeName: String?
    /// `a` or `v4,v6`.
    public var ipAddress: String?
    public var v4IpAddress: String?
    public var v6IpAddress: String?
    public var macAddress: String?
    public var containerID: String?
    /// `pod` or `VirtualMachine` (Kube-OVN writes the latter for KubeVirt VMs).
    public var podType: String?
    public var unknownFields: [String: JSONValue] = [:]

    public init(
        podName: String? = nil, namespace: String? = nil, subnet: String? = nil, v4IpAddress: String? = nil,
        v6IpAddress: String? = nil, macAddress: String? = nil
    ) {
        self.podName = podName
        self.namespace = namespace
        self.subnet = subnet
        self.v4IpAddress = v4IpAddress
        self.v6IpAddress = v6IpAddress
        self.macAddress = macAddress
        self.ipAddress = [v4IpAddress, v6IpAddress].compactMap { $0 }.joined(separator: ",")
        if ipAddress == "" { ipAddress = nil }
    }

    public init(from decoder: any Decoder) throws {
        var f = try decoder.fields()
        podName = try f("podName")
        namespace = try f("namespace")
        subnet = try f("subnet")
        nodeName = try f("nodeName")
        ipAddress = try f("ipAddress")
        v4IpAddress = try f("v4IpAddress")
        v6IpAddress = try f("v6IpAddress")
        macAddress = try f("macAddress")
        containerID = try f("containerID")
        podType = try f("podType")
        unknownFields = try f.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var f = encoder.fields()
        try f("podName", podName)
        try f("namespace", namespace)
        try f("subnet", subnet)
        try f("nodeName", nodeName)
        try f("ipAddress", ipAddress)
        try f("v4IpAddress", v4IpAddress)
        try f("v6IpAddress", v6IpAddress)
        try f("macAddress", macAddress)
        try f("containerID", containerID)
        try f("podType", podType)
        try f.unknown(unknownFields)
    }
}
