import NetAddress
import SCNetAPI

/// A pod's network as the controller announced it in the Kube-OVN annotations
/// (`ovn.kubernetes.io/ip_address`, `mac_address`, `cidr`, `gateway`; `a,b` for dual stack).
public struct PodNetwork: Sendable, Equatable {
    /// One address of the pod with its subnet's prefix and gateway.
    public struct Address: Sendable, Equatable {
        public var address: IPAddress
        public var prefixLength: Int
        public var gateway: IPAddress?
        public var text: String { "\(address)/\(prefixLength)" }
    }

    public var mac: MACAddress
    public var addresses: [Address]
    /// The logical switch port: `<name>.<namespace>`.
    public var portName: String

    /// Reads the annotations; `nil` while the controller has not written them yet
    /// (`allocated` not `true`). Throws when they are there but malformed.
    public init?(annotations: [String: String], portName: String) throws(AgentError) {
        guard annotations[Annotation.allocated] == "true" else { return nil }
        guard let macText = annotations[Annotation.macAddress], let mac = MACAddress(macText) else {
            throw .invalidConfig("annotation \(Annotation.macAddress) is missing or not a MAC address: \(annotations[Annotation.macAddress] ?? "")")
        }
        let ips = Self.split(annotations[Annotation.ipAddress])
        let cidrs = Self.split(annotations[Annotation.cidr])
        let gateways = Self.split(annotations[Annotation.gateway])
        guard !ips.isEmpty else { throw .invalidConfig("annotation \(Annotation.ipAddress) is empty") }
        var addresses: [Address] = []
        for text in ips {
            guard let address = IPAddress(text) else { throw .invalidConfig("annotation \(Annotation.ipAddress): \(text) is not an address") }
            guard let cidr = cidrs.compactMap({ CIDR($0) }).first(where: { $0.family == address.family && $0.contains(address) }) else {
                throw .invalidConfig("annotation \(Annotation.cidr) has no block containing \(text): \(annotations[Annotation.cidr] ?? "")")
            }
            let gateway = gateways.compactMap { IPAddress($0) }.first { $0.family == address.family }
            addresses.append(Address(address: address, prefixLength: cidr.prefixLength, gateway: gateway))
        }
        self.mac = mac
        self.addresses = addresses
        self.portName = portName
    }

    private static func split(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
    }
}
