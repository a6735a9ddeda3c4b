import Foundation
import NetAddress
import SCNetAPI

/// The admission view of the stored objects: typed SCNetAPI objects indexed by kind and name,
/// decoded once when an object is written (never per request), so admission stays cheap with
/// thousands of pods.
struct ClusterIndex: ClusterView, Sendable {
    private var vpcByName: [String: Vpc] = [:]
    private var subnetByName: [String: Subnet] = [:]
    private var namespaceByName: [String: Namespace] = [:]
    private var fipByName: [String: Fip] = [:]
    /// subnet → IP name → record.
    private var ipsBySubnet: [String: [String: IP]] = [:]
    private var podByKey: [String: Pod] = [:]
    private var vmByKey: [String: VirtualMachine] = [:]
    /// subnet → address → names of the IP records holding it.
    private var recordsByAddress: [String: [IPAddress: Set<String>]] = [:]
    /// subnet → address → keys of the pods whose `ip_address` annotation names it.
    private var podsByAddress: [String: [IPAddress: Set<String>]] = [:]

    /// Decodes `object` as its SCNetAPI type; `nil` when the kind is not modelled or the body does not decode.
    static func typed(_ object: JSONValue, as resource: ServedResource) -> AnyResource? {
        guard resource.modelled,
            let type = AnyResource.kinds.first(where: { $0.kind == resource.kind && $0.apiVersion == resource.apiVersion })
        else { return nil }
        return decode(type, object)
    }

    private static func decode<T: KubeResource>(_ type: T.Type, _ object: JSONValue) -> AnyResource? {
        (try? JSONValueDecoder().decode(T.self, from: object)).flatMap { AnyResource($0) }
    }

    /// Records the new state of one object (`nil` when it was removed).
    mutating func update(_ resource: ServedResource, key: String, old: JSONValue?, new: JSONValue?, typed: AnyResource? = nil) {
        guard resource.modelled else { return }
        let typedNew = new == nil ? nil : (typed ?? new.flatMap { Self.typed($0, as: resource) })
        let name = (new ?? old)?.meta("name") ?? ""
        switch resource.kind {
        case Vpc.kind: if case .vpc(let v)? = typedNew { vpcByName[name] = v } else { vpcByName[name] = nil }
        case Subnet.kind: if case .subnet(let v)? = typedNew { subnetByName[name] = v } else { subnetByName[name] = nil }
        case Namespace.kind: if case .namespace(let v)? = typedNew { namespaceByName[name] = v } else { namespaceByName[name] = nil }
        case Fip.kind: if case .fip(let v)? = typedNew { fipByName[name] = v } else { fipByName[name] = nil }
        case Pod.kind:
            if let previous = podByKey[key] { index(pod: previous, key: key, adding: false) }
            if case .pod(let v)? = typedNew {
                podByKey[key] = v
                index(pod: v, key: key, adding: true)
            } else {
                podByKey[key] = nil
            }
        case VirtualMachine.kind:
            if case .virtualMachine(let v)? = typedNew { vmByKey[key] = v } else { vmByKey[key] = nil }
        case IP.kind:
            if let oldSubnet = old?["spec"]?["subnet"]?.stringValue, let previous = ipsBySubnet[oldSubnet]?[name] {
                ipsBySubnet[oldSubnet]?[name] = nil
                for address in previous.heldAddresses { recordsByAddress[oldSubnet]?[address]?.remove(name) }
            }
            if case .ip(let v)? = typedNew {
                let subnet = v.spec.subnet ?? ""
                ipsBySubnet[subnet, default: [:]][name] = v
                for address in v.heldAddresses { recordsByAddress[subnet, default: [:]][address, default: []].insert(name) }
            }
        default: break
        }
    }

    /// The typed form of a stored object, when the index keeps its kind (saves decoding it again).
    func stored(_ resource: ServedResource, key: String, name: String) -> AnyResource? {
        switch resource.kind {
        case Vpc.kind: vpcByName[name].map(AnyResource.vpc)
        case Subnet.kind: subnetByName[name].map(AnyResource.subnet)
        case Namespace.kind: namespaceByName[name].map(AnyResource.namespace)
        case Fip.kind: fipByName[name].map(AnyResource.fip)
        case Pod.kind: podByKey[key].map(AnyResource.pod)
        case VirtualMachine.kind: vmByKey[key].map(AnyResource.virtualMachine)
        default: nil
        }
    }

    func vpc(named name: String) -> Vpc? { vpcByName[name] }
    func subnet(named name: String) -> Subnet? { subnetByName[name] }
    func namespace(named name: String) -> Namespace? { namespaceByName[name] }
    var vpcs: [Vpc] { vpcByName.keys.sorted().compactMap { vpcByName[$0] } }
    var subnets: [Subnet] { subnetByName.keys.sorted().compactMap { subnetByName[$0] } }
    var fips: [Fip] { fipByName.keys.sorted().compactMap { fipByName[$0] } }
    var pods: [Pod] { Array(podByKey.values) }
    var virtualMachines: [VirtualMachine] { Array(vmByKey.values) }

    private mutating func index(pod: Pod, key: String, adding: Bool) {
        let subnet = pod.metadata.annotations[Annotation.logicalSwitch] ?? Defaults.subnet
        for address in pod.annotatedAddresses {
            if adding {
                podsByAddress[subnet, default: [:]][address, default: []].insert(key)
            } else {
                podsByAddress[subnet]?[address]?.remove(key)
            }
        }
    }

    func addressUsers(_ address: IPAddress, subnet: String) -> (records: [IP], pods: [Pod]) {
        let records = (recordsByAddress[subnet]?[address] ?? []).compactMap { ipsBySubnet[subnet]?[$0] }
        let pods = (podsByAddress[subnet]?[address] ?? []).compactMap { podByKey[$0] }
        return (records, pods)
    }

    func ipRecords(inSubnet subnet: String?) -> [IP] {
        if let subnet { return ipsBySubnet[subnet].map { Array($0.values) } ?? [] }
        return ipsBySubnet.values.flatMap(\.values)
    }
}
