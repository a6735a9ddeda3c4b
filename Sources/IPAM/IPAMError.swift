import NetAddress

/// Why an IPAM request was refused. Each message names the subnet, the address and the reason.
public enum IPAMError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Automatic allocation found no address left (every usable address is in use, excluded or reserved).
    case subnetFull(subnet: String, cidr: CIDR)
    /// A static address is already held by another owner (`owner` is nil when not known).
    case addressTaken(IPAddress, subnet: String, owner: String?)
    /// A static address lies outside every CIDR of the subnet.
    case outsideSubnet(IPAddress, subnet: String, cidrs: [CIDR])
    /// A static address is the gateway, the network address or the IPv4 broadcast address.
    case reservedAddress(IPAddress, subnet: String, role: ReservedRole)
    /// An IPv6 address inside the CIDR but past the first 2^64 addresses, which is all a pool
    /// covers (see ``AddressPool``).
    case beyondAllocatableRange(IPAddress, subnet: String, cidr: CIDR)
    /// The subnet has no CIDR of this family (e.g. an IPv6 address for an IPv4-only subnet).
    case familyNotInSubnet(IPFamily, subnet: String)
    /// A request or record gave an address of the wrong family for its field.
    case wrongFamily(IPAddress, subnet: String, expected: IPFamily)
    /// The owner already holds a different address of this family.
    case ownerHoldsOtherAddress(owner: String, subnet: String, holding: IPAddress, requested: IPAddress)
    /// The owner already holds a different MAC address.
    case ownerHoldsOtherMAC(owner: String, subnet: String, holding: MACAddress, requested: MACAddress)
    /// A static MAC address is already used in the subnet.
    case macTaken(MACAddress, subnet: String, owner: String?)
    /// A static MAC address is zero or a group (multicast/broadcast) address.
    case invalidMAC(MACAddress, subnet: String)
    /// Restore saw a second record for the same owner in one subnet.
    case duplicateOwner(owner: String, subnet: String)
    case unknownSubnet(String)
    case subnetExists(String)
    /// A subnet definition is unusable; `field` names the offending field.
    case invalidSubnet(subnet: String, field: String, reason: String)
    /// The change would move or remove addresses that are in use.
    case subnetInUse(subnet: String, field: String, inUse: Int)

    /// The addresses no request may take.
    public enum ReservedRole: String, Hashable, Sendable {
        case gateway = "the gateway"
        case networkAddress = "the network address"
        case broadcastAddress = "the broadcast address"
    }

    public var description: String {
        switch self {
        case .subnetFull(let s, let cidr):
            "subnet \"\(s)\" has no free address in \(cidr) (every usable address is in use, excluded or reserved)"
        case .addressTaken(let a, let s, let owner?):
            "subnet \"\(s)\": address \(a) is already allocated to \"\(owner)\""
        case .addressTaken(let a, let s, nil):
            "subnet \"\(s)\": address \(a) is already allocated"
        case .outsideSubnet(let a, let s, let cidrs):
            "subnet \"\(s)\": address \(a) is outside its CIDR \(cidrs.map(\.description).joined(separator: ","))"
        case .reservedAddress(let a, let s, let role):
            "subnet \"\(s)\": address \(a) is \(role.rawValue) and cannot be allocated"
        case .beyondAllocatableRange(let a, let s, let cidr):
            "subnet \"\(s)\": address \(a) is past the first 2^64 addresses of \(cidr), the part IPAM allocates from"
        case .familyNotInSubnet(let f, let s):
            "subnet \"\(s)\" has no \(f.rawValue) CIDR"
        case .wrongFamily(let a, let s, let f):
            "subnet \"\(s)\": address \(a) given where an \(f.rawValue) address was expected"
        case .ownerHoldsOtherAddress(let o, let s, let held, let wanted):
            "subnet \"\(s)\": \"\(o)\" already holds \(held) and cannot also take \(wanted)"
        case .ownerHoldsOtherMAC(let o, let s, let held, let wanted):
            "subnet \"\(s)\": \"\(o)\" already holds MAC \(held) and cannot also take \(wanted)"
        case .macTaken(let m, let s, let owner?):
            "subnet \"\(s)\": MAC address \(m) is already used by \"\(owner)\""
        case .macTaken(let m, let s, nil):
            "subnet \"\(s)\": MAC address \(m) is already used"
        case .invalidMAC(let m, let s):
            "subnet \"\(s)\": MAC address \(m) is not a unicast NIC address (zero or group bit set)"
        case .duplicateOwner(let o, let s):
            "subnet \"\(s)\": a second allocation record for \"\(o)\""
        case .unknownSubnet(let s):
            "subnet \"\(s)\" is not known to IPAM"
        case .subnetExists(let s):
            "subnet \"\(s)\" is already known to IPAM"
        case .invalidSubnet(let s, let field, let reason):
            "subnet \"\(s)\": \(field) \(reason)"
        case .subnetInUse(let s, let field, let n):
            "subnet \"\(s)\": \(field) cannot change while \(n) allocation(s) are in use"
        }
    }
}
