/// What to create with `NetlinkSocket.createVeth`: a veth pair whose host end appears in the
/// socket's namespace and whose peer is born directly in `peerNamespace` (`IFLA_NET_NS_FD`).
public struct VethConfiguration: Sendable {
    /// Name of the end created in the socket's namespace (at most 15 bytes).
    public var name: String
    /// Name of the other end, unique within `peerNamespace` (at most 15 bytes).
    public var peerName: String
    /// Where the peer is created; nil keeps it next to the host end.
    public var peerNamespace: NetworkNamespace?
    /// MTU for both ends; nil keeps the kernel default (1500).
    public var mtu: Int?
    /// MAC address of the peer; nil lets the kernel pick a random one.
    public var peerHardwareAddress: HardwareAddress?
    /// MAC address of the host end; nil lets the kernel pick a random one.
    public var hardwareAddress: HardwareAddress?

    public init(
        name: String, peerName: String, peerNamespace: NetworkNamespace? = nil, mtu: Int? = nil,
        peerHardwareAddress: HardwareAddress? = nil, hardwareAddress: HardwareAddress? = nil
    ) {
        self.name = name
        self.peerName = peerName
        self.peerNamespace = peerNamespace
        self.mtu = mtu
        self.peerHardwareAddress = peerHardwareAddress
        self.hardwareAddress = hardwareAddress
    }
}
