/// Values from `<linux/netlink.h>`, `<linux/rtnetlink.h>`, `<linux/if_link.h>`, `<linux/veth.h>`
/// and `<linux/if_addr.h>`, which the Glibc module does not import.
enum RTNL {
    static let netlinkRoute: Int32 = 0
    static let solNetlink: Int32 = 270
    static let netlinkCapAck: Int32 = 10
    static let netlinkExtAck: Int32 = 11

    static let headerSize = 16
    static let attributeHeaderSize = 4

    // Message types
    static let nlmsgError: UInt16 = 2
    static let nlmsgDone: UInt16 = 3
    static let newLink: UInt16 = 16
    static let deleteLink: UInt16 = 17
    static let getLink: UInt16 = 18
    static let setLink: UInt16 = 19
    static let newAddress: UInt16 = 20
    static let deleteAddress: UInt16 = 21
    static let getAddress: UInt16 = 22
    static let newRoute: UInt16 = 24
    static let deleteRoute: UInt16 = 25
    static let getRoute: UInt16 = 26

    // Header flags
    static let flagRequest: UInt16 = 0x1
    static let flagMulti: UInt16 = 0x2
    static let flagAck: UInt16 = 0x4
    static let flagDumpInterrupted: UInt16 = 0x10
    static let flagDump: UInt16 = 0x300
    static let flagReplace: UInt16 = 0x100
    static let flagExclusive: UInt16 = 0x200
    static let flagCreate: UInt16 = 0x400
    /// In an `NLMSG_ERROR` reply: the echoed request was cut to its header.
    static let flagCapped: UInt16 = 0x100
    /// In an `NLMSG_ERROR` reply: extended-ACK attributes follow.
    static let flagAckTLVs: UInt16 = 0x200
    static let errorAttributeMessage: UInt16 = 1

    /// Attributes whose type carries this bit hold nested attributes.
    static let attributeTypeMask: UInt16 = 0x3FFF

    // struct ifinfomsg sizes and IFLA_* attributes
    static let ifinfomsgSize = 16
    static let iflaAddress: UInt16 = 1
    static let iflaIfname: UInt16 = 3
    static let iflaMTU: UInt16 = 4
    static let iflaLink: UInt16 = 5
    static let iflaLinkInfo: UInt16 = 18
    static let iflaNetNSFD: UInt16 = 28
    static let iflaInfoKind: UInt16 = 1
    static let iflaInfoData: UInt16 = 2
    static let vethInfoPeer: UInt16 = 1
    static let interfaceUp: UInt32 = 0x1
    static let interfaceLowerUp: UInt32 = 0x10000

    // struct ifaddrmsg and IFA_* attributes
    static let ifaddrmsgSize = 8
    static let ifaAddress: UInt16 = 1
    static let ifaLocal: UInt16 = 2
    static let ifaBroadcast: UInt16 = 4
    static let ifaFlags: UInt16 = 8
    static let addressFlagNoDAD: UInt32 = 0x02

    // struct rtmsg and RTA_* attributes
    static let rtmsgSize = 12
    static let rtaDestination: UInt16 = 1
    static let rtaOutputInterface: UInt16 = 4
    static let rtaGateway: UInt16 = 5
    static let rtaPriority: UInt16 = 6
    static let rtaPreferredSource: UInt16 = 7
    static let rtaTable: UInt16 = 15
    static let routeTypeUnicast: UInt8 = 1
    static let scopeUniverse: UInt8 = 0
    static let scopeLink: UInt8 = 253
    static let scopeNowhere: UInt8 = 255
    static let nextHopOnLink: UInt32 = 0x4

    /// Rounds up to the 4-byte netlink alignment (`NLMSG_ALIGN`, `RTA_ALIGN`).
    static func align(_ length: Int) -> Int { (length + 3) & ~3 }
}
