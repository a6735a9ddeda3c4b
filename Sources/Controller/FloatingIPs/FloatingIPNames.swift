import NetAddress
import SCNetAPI

/// The names floating IP records carry: the Fip object's name, and the Neutron tag that marks a
/// floating IP as used by one of our workloads.
public enum FloatingIPNames {
    /// `fip-172-35-0-18` for 172.35.0.18 (as in examples/), `fip-2001-db8--5` for 2001:db8::5.
    public static func fip(address: String) -> String {
        let text = IPAddress(address).map { "\($0)" } ?? address
        var name = "fip-" + text.lowercased().map { $0 == "." || $0 == ":" ? "-" : String($0) }.joined()
        if name.hasSuffix("-") { name += "0" }
        return name
    }

    /// Prefix of the Neutron tags marking a floating IP as ours (`scnet-user.<namespace>.<name>`).
    public static let userTagPrefix = "scnet-user."

    /// Neutron's longest tag (`MAX_TAG_LEN` of the tag extension, 60 in older releases).
    static let maximumTagLength = 60

    /// The Neutron tag telling the SDN side that `user` holds the floating IP; long names are
    /// shortened with a hash so the tag stays within Neutron's limit and still unique.
    public static func userTag(_ user: FipUser) -> String {
        let full = userTagPrefix + "\(user.namespace ?? "").\(user.name)"
        guard full.utf8.count > maximumTagLength else { return full }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (user.kind + "/" + full).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digest = String(hash, radix: 16)
        return String(full.prefix(maximumTagLength - digest.count - 1)) + "~" + digest
    }

    /// The `usedBy` of a floating IP Neutron itself associated to port `portID`.
    public static func neutronPortUser(_ portID: String) -> FipUser {
        FipUser(kind: neutronPortKind, namespace: nil, name: portID)
    }

    /// `usedBy.kind` of a floating IP Neutron associated to one of its ports.
    public static let neutronPortKind = "NeutronPort"

    /// True for users that are workloads of ours (Pod, VirtualMachine), not Neutron ports.
    static func isWorkload(_ user: FipUser?) -> Bool {
        guard let user else { return false }
        return user.kind == Pod.kind || user.kind == VirtualMachine.kind
    }
}
