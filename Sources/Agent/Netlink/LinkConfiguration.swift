/// Changes to apply to an existing link in one `RTM_SETLINK` request; nil fields are left alone.
///
/// The kernel applies MAC, MTU and the new name before the up/down change, so a down link can
/// be renamed and brought up in one request. Rename before bringing a link up: older kernels
/// refuse to rename a link that is up (`EBUSY`).
public struct LinkConfiguration: Sendable, Hashable {
    /// New name (`IFLA_IFNAME`), e.g. `eth0` for a pod end created under a temporary name.
    public var newName: String?
    public var mtu: Int?
    public var hardwareAddress: HardwareAddress?
    /// true sets `IFF_UP`, false clears it.
    public var up: Bool?

    public init(newName: String? = nil, mtu: Int? = nil, hardwareAddress: HardwareAddress? = nil, up: Bool? = nil) {
        self.newName = newName
        self.mtu = mtu
        self.hardwareAddress = hardwareAddress
        self.up = up
    }
}
