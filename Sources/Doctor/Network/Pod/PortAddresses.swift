import Foundation
import NetAddress
import OVN
import SCNetAPI

/// One `Logical_Switch_Port.addresses` entry, `"<mac> <ip> [<ip>]"`, parsed for comparison.
struct PortAddresses: Equatable {
    var mac: String
    var ips: [String]

    /// The first entry that starts with a MAC (entries like `router` or `unknown` are skipped).
    init?(_ entries: [String]) {
        for entry in entries {
            let parts = entry.split(separator: " ").map(String.init)
            guard let first = parts.first, MACAddress(first) != nil else { continue }
            mac = first
            ips = Array(parts.dropFirst())
            return
        }
        return nil
    }

    var ipv4: String? { ips.first { !$0.contains(":") } }

    /// Whether this entry carries exactly `mac` and the addresses of `text` (`a` or `a,b`).
    func matches(mac other: String?, addresses text: String?) -> Bool {
        guard let other, MACAddress(other) == MACAddress(mac) else { return false }
        return Self.addressSet(ips) == Self.addressSet(Self.split(text))
    }

    static func split(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Parsed addresses, so `fd00::0001` equals `fd00::1`; unparsable text compares as itself.
    static func addressSet(_ items: [String]) -> Set<String> {
        Set(items.map { IPAddress($0).map(\.description) ?? $0 })
    }

    /// The record's IPv4 address: `v4IpAddress`, else the IPv4 part of `ipAddress`.
    static func ipv4(of spec: IPSpec) -> String? {
        spec.v4IpAddress ?? split(spec.ipAddress).first { !$0.contains(":") }
    }

    /// All of the record's addresses.
    static func addresses(of spec: IPSpec) -> String? {
        spec.ipAddress ?? [spec.v4IpAddress, spec.v6IpAddress].compactMap { $0 }.joined(separator: ",")
    }
}

/// Row names of a pod's OVN objects, from ``NorthboundNames``.
enum OVNNaming {
    static func routerPort(_ facts: PodFacts) -> String {
        NorthboundNames.routerPort(vpc: vpc(facts), subnet: facts.subnetChoice.name)
    }

    /// The Subnet's `spec.vpc` once it is known, else the VPC the choice implied.
    static func vpc(_ facts: PodFacts) -> String { facts.subnet?.spec.vpc ?? facts.subnetChoice.vpc }
}
