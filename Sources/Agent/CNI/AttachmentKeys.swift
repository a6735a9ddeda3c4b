/// The `external_ids` keys the agent writes on an OVS `Interface` it plugs: the attachment's
/// identity lives in OVS, so a restarted agent (and DEL, CHECK, GC) find it there.
enum AttachmentKeys {
    /// The logical switch port the interface binds to (read by `ovn-controller`).
    static let ifaceID = "iface-id"
    /// The pod's MAC (read by `ovn-controller`).
    static let attachedMAC = "attached-mac"
    static let containerID = "scnet/container-id"
    static let ifName = "scnet/ifname"
    static let netns = "scnet/netns"
    /// `namespace/name` of the pod.
    static let pod = "scnet/pod"

    /// The host end of a container's veth: `scn` + 12 hex digits of a hash of the container ID
    /// and interface name (interface names have at most 15 bytes).
    static func hostInterfaceName(containerID: String, ifName: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(containerID)/\(ifName)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "scn" + String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
    }
}
