import SCNetAPI

/// One resource type the embedded API serves: how it is named in URLs and discovery, its scope,
/// whether it has a `status` subresource, and the columns `kubectl get` prints for it.
public struct ServedResource: Sendable, Hashable {
    public let group: String
    public let version: String
    public let kind: String
    public let plural: String
    public let shortNames: [String]
    public let namespaced: Bool
    public let hasStatus: Bool
    /// `["all"]` puts the type into `kubectl get all`.
    public let categories: [String]
    /// The SCNetAPI type, when admission rules and defaults apply to this kind.
    let modelled: Bool

    public var singular: String { kind.lowercased() }
    /// `group/version`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    /// `subnets.kubeovn.io`, or `pods` for the core group: how Status messages name the type.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }
    /// Built-in kinds accept strategic merge patches; custom resources answer 415 as on a real cluster.
    public var isBuiltIn: Bool { group.isEmpty }

    public static func == (a: Self, b: Self) -> Bool { a.group == b.group && a.plural == b.plural }
    public func hash(into h: inout Hasher) {
        h.combine(group)
        h.combine(plural)
    }
}

extension ServedResource {
    /// Every type served, in discovery order.
    public static let all: [ServedResource] = [
        .init(group: "", version: "v1", kind: "Namespace", plural: "namespaces", shortNames: ["ns"], namespaced: false, hasStatus: true, categories: [], modelled: true),
        .init(group: "", version: "v1", kind: "Pod", plural: "pods", shortNames: ["po"], namespaced: true, hasStatus: true, categories: ["all"], modelled: true),
        .init(group: "", version: "v1", kind: "Node", plural: "nodes", shortNames: ["no"], namespaced: false, hasStatus: true, categories: [], modelled: true),
        .init(group: "", version: "v1", kind: "Event", plural: "events", shortNames: ["ev"], namespaced: true, hasStatus: false, categories: [], modelled: true),
        .init(group: "", version: "v1", kind: "Service", plural: "services", shortNames: ["svc"], namespaced: true, hasStatus: true, categories: ["all"], modelled: false),
        .init(group: "kubeovn.io", version: "v1", kind: "Vpc", plural: "vpcs", shortNames: ["vpc"], namespaced: false, hasStatus: true, categories: [], modelled: true),
        .init(group: "kubeovn.io", version: "v1", kind: "Subnet", plural: "subnets", shortNames: ["subnet"], namespaced: false, hasStatus: true, categories: [], modelled: true),
        .init(group: "kubeovn.io", version: "v1", kind: "IP", plural: "ips", shortNames: ["ip"], namespaced: false, hasStatus: false, categories: [], modelled: true),
        .init(group: "neutron.io", version: "v1", kind: "Fip", plural: "fips", shortNames: ["fip"], namespaced: false, hasStatus: true, categories: [], modelled: true),
        .init(group: "kubevirt.io", version: "v1", kind: "VirtualMachine", plural: "virtualmachines", shortNames: ["vm", "vms"], namespaced: true, hasStatus: true, categories: ["all"], modelled: true),
    ]

    public static let namespaces = all[0]

    /// The served type of `group` named `plural`.
    public static func find(group: String, plural: String) -> ServedResource? {
        all.first { $0.group == group && $0.plural == plural }
    }

    /// Group versions in discovery order, core (`""`) first.
    static var groupVersions: [(group: String, version: String)] {
        var seen: [String] = []
        var out: [(String, String)] = []
        for r in all where !seen.contains(r.apiVersion) {
            seen.append(r.apiVersion)
            out.append((r.group, r.version))
        }
        return out
    }
}
