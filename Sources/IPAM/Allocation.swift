import NetAddress

/// What IPAM needs to know of a subnet: its CIDRs (one per family), gateways and `excludeIps`.
///
/// IPAM applies no defaults: the caller passes the gateway the `Subnet` resource resolved
/// (Kube-OVN's default is the first usable address). A gateway is never allocated.
public struct SubnetDefinition: Hashable, Sendable {
    public var name: String
    /// One CIDR per family (IPv4, IPv6 or both).
    public var cidrs: [CIDR]
    /// At most one gateway per family.
    public var gateways: [IPAddress]
    /// Entries of both families; each only keeps addresses out of *automatic* allocation.
    public var excludeIps: [AddressRange]

    public init(name: String, cidrs: [CIDR], gateways: [IPAddress] = [], excludeIps: [AddressRange] = []) {
        self.name = name
        self.cidrs = cidrs
        self.gateways = gateways
        self.excludeIps = excludeIps
    }
}

/// Addresses held by one owner (e.g. `pod.namespace`, one per NIC) in one subnet.
public struct Allocation: Hashable, Sendable, CustomStringConvertible {
    public var owner: String
    public var v4: IPAddress?
    public var v6: IPAddress?
    public var mac: MACAddress?

    public init(owner: String, v4: IPAddress? = nil, v6: IPAddress? = nil, mac: MACAddress? = nil) {
        self.owner = owner
        self.v4 = v4
        self.v6 = v6
        self.mac = mac
    }

    /// The addresses, IPv4 first (Kube-OVN's `ip_address` annotation order).
    public var addresses: [IPAddress] { [v4, v6].compactMap { $0 } }

    public var description: String {
        let ips = addresses.map(\.description).joined(separator: ",")
        return "\(owner): \(ips.isEmpty ? "-" : ips)\(mac.map { " \($0)" } ?? "")"
    }
}

/// How an allocation is asked for: static addresses/MAC where given, automatic otherwise.
public struct AllocationRequest: Hashable, Sendable {
    /// A static IPv4 address, or nil for the next free one (when the subnet has IPv4).
    public var v4: IPAddress?
    /// A static IPv6 address, or nil for the next free one (when the subnet has IPv6).
    public var v6: IPAddress?
    public var mac: MACChoice

    /// Whether and how the allocation gets a MAC address.
    public enum MACChoice: Hashable, Sendable {
        case none
        case generate
        case fixed(MACAddress)
    }

    public init(v4: IPAddress? = nil, v6: IPAddress? = nil, mac: MACChoice = .generate) {
        self.v4 = v4
        self.v6 = v6
        self.mac = mac
    }

    /// A request from a list of static addresses (Kube-OVN's `ip_address` annotation);
    /// addresses are sorted into their family's field, the last one winning.
    public init(staticAddresses: [IPAddress], mac: MACChoice = .generate) {
        self.init(mac: mac)
        for a in staticAddresses {
            if a.family == .v4 { v4 = a } else { v6 = a }
        }
    }
}

/// An existing allocation to restore (the content of one `IP` record).
public struct AllocationRecord: Hashable, Sendable {
    public var subnet: String
    public var owner: String
    public var v4: IPAddress?
    public var v6: IPAddress?
    public var mac: MACAddress?

    public init(subnet: String, owner: String, v4: IPAddress? = nil, v6: IPAddress? = nil, mac: MACAddress? = nil) {
        self.subnet = subnet
        self.owner = owner
        self.v4 = v4
        self.v6 = v6
        self.mac = mac
    }
}

/// A record restore did not apply, and why. Nothing of a rejected record is allocated.
public struct RestoreConflict: Hashable, Sendable, CustomStringConvertible {
    public var record: AllocationRecord
    public var reason: IPAMError

    public var description: String { "allocation record of \"\(record.owner)\" ignored: \(reason)" }
}

/// An address in use that an `excludeIps` change put inside an excluded range. It stays allocated.
public struct ExcludedInUse: Hashable, Sendable, CustomStringConvertible {
    public var subnet: String
    public var address: IPAddress
    public var owner: String?

    public var description: String {
        "subnet \"\(subnet)\": \(address) is in excludeIps but in use\(owner.map { " by \"\($0)\"" } ?? "")"
    }
}

/// Address counts of one subnet, for `Subnet.status` (`v4availableIPs`, `v4usingIPs`, …).
///
/// `available` = usable − gateway − excluded − (in use and not excluded): the addresses
/// automatic allocation can still hand out. `using` counts every address in use, static ones
/// inside `excludeIps` included. Families the subnet lacks count 0.
public struct SubnetUsage: Hashable, Sendable {
    public var v4Available: UInt64 = 0
    public var v4Using: UInt64 = 0
    public var v6Available: UInt64 = 0
    public var v6Using: UInt64 = 0

    public init(v4Available: UInt64 = 0, v4Using: UInt64 = 0, v6Available: UInt64 = 0, v6Using: UInt64 = 0) {
        self.v4Available = v4Available
        self.v4Using = v4Using
        self.v6Available = v6Available
        self.v6Using = v6Using
    }
}
