import IPAM
import NetAddress
import SCNetAPI

/// A Subnet's spec read as addresses: what IPAM and the Northbound rows are built from.
struct SubnetLayout: Sendable, Equatable {
    var blocks: SubnetBlocks
    /// One gateway per block, in the blocks' order (v4 first).
    var gateways: [IPAddress]
    var excludeIps: [AddressRange]

    /// Reads the spec; admission has checked it, so a failure here names a spec that bypassed it.
    init(_ subnet: Subnet) throws(ControllerError) {
        let name = subnet.metadata.name
        switch SubnetBlocks.parse(subnet.spec.cidrBlock) {
        case .success(let b): blocks = b
        case .failure(let v): throw .invalidSpec(kind: "Subnet", name: name, reason: v.list.map(\.description).joined(separator: "; "))
        }
        let gatewayText = subnet.spec.gateway ?? Defaulting.gateway(subnet.spec.cidrBlock) ?? ""
        var gateways: [IPAddress] = []
        for part in gatewayText.split(separator: ",") {
            guard let a = IPAddress(part.trimmingCharacters(in: .whitespaces)) else {
                throw .invalidSpec(kind: "Subnet", name: name, reason: "spec.gateway: \"\(part)\" is not an IP address")
            }
            gateways.append(a)
        }
        self.gateways = blocks.all.compactMap { block in gateways.first { block.contains($0) } ?? block.firstUsable }
        var excludes: [AddressRange] = []
        for entry in subnet.spec.excludeIps {
            do { excludes.append(try AddressRange(parsing: entry)) } catch {
                throw .invalidSpec(kind: "Subnet", name: name, reason: "spec.excludeIps: \(error)")
            }
        }
        excludeIps = excludes
    }

    func definition(name: String) -> SubnetDefinition {
        SubnetDefinition(name: name, cidrs: blocks.all, gateways: gateways, excludeIps: excludeIps)
    }

    /// `10.0.0.1/24` (and the v6 one): the router port's networks.
    var routerNetworks: [String] {
        zip(blocks.all, gateways).map { block, gateway in "\(gateway)/\(block.prefixLength)" }
    }

    /// The gateway of each block as pods see it: `10.0.0.1` or `10.0.0.1,fd00::1`.
    var gatewayText: String { gateways.map(\.description).joined(separator: ",") }

    /// The cidr annotation: `10.0.0.0/24` or `10.0.0.0/24,fd00::/64`.
    var cidrText: String { blocks.all.map(\.description).joined(separator: ",") }

    /// A stable, locally administered MAC for the subnet's router port.
    static func routerPortMAC(subnet: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in subnet.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return MACAddress(value: 0x0e00_0000_0000 | (hash & 0xff_ffff_ffff)).description
    }
}
