import NetAddress
import Testing

@testable import IPAM

private func ip(_ s: String) -> IPAddress { IPAddress(s)! }
private func cidr(_ s: String) -> CIDR { CIDR(s)! }

private func dualSpec(v4: String = "10.0.0.0/24", v6: String = "fd00::/120") -> SubnetDefinition {
    SubnetDefinition(
        name: "dual", cidrs: [cidr(v4), cidr(v6)],
        gateways: [cidr(v4).network.advanced(by: 1)!, cidr(v6).network.advanced(by: 1)!])
}

@Suite("SubnetAllocator")
struct SubnetAllocatorTests {
    @Test("a dual-stack allocation gets one address of each family and a locally administered unicast MAC")
    func dualStack() throws {
        var net = try SubnetAllocator(dualSpec())
        let a = try net.allocate(owner: "web-0.default")
        #expect(a.v4 == ip("10.0.0.2"))
        #expect(a.v6 == ip("fd00::2"))
        let mac = try #require(a.mac)
        #expect(mac.isLocallyAdministered && !mac.isMulticast)
        #expect(net.usage == SubnetUsage(v4Available: 252, v4Using: 1, v6Available: 253, v6Using: 1))
    }

    @Test("asking again for the same owner returns the same allocation")
    func idempotent() throws {
        var net = try SubnetAllocator(dualSpec())
        let a = try net.allocate(owner: "p.ns")
        #expect(try net.allocate(owner: "p.ns") == a)
        #expect(try net.allocate(owner: "p.ns", AllocationRequest(v4: a.v4)) == a)
        #expect(throws: IPAMError.ownerHoldsOtherAddress(owner: "p.ns", subnet: "dual", holding: a.v4!, requested: ip("10.0.0.77"))) {
            try net.allocate(owner: "p.ns", AllocationRequest(v4: ip("10.0.0.77")))
        }
        #expect(net.usage.v4Using == 1)
    }

    @Test("when the second family is full the first address is given back (both or neither)")
    func rollback() throws {
        var net = try SubnetAllocator(dualSpec(v4: "10.0.0.0/24", v6: "fd00::/126"))  // v6: ::2, ::3 only
        try net.allocate(owner: "a")
        try net.allocate(owner: "b")
        let before = net.usage
        #expect(throws: IPAMError.subnetFull(subnet: "dual", cidr: cidr("fd00::/126"))) { try net.allocate(owner: "c") }
        #expect(net.usage == before)
        #expect(net.allocation(of: "c") == nil)
        // A static v4 that is free is also given back.
        #expect(throws: IPAMError.subnetFull(subnet: "dual", cidr: cidr("fd00::/126"))) {
            try net.allocate(owner: "c", AllocationRequest(v4: ip("10.0.0.100")))
        }
        #expect(!net.v4!.isInUse(ip("10.0.0.100")))
    }

    @Test("a taken static address names its holder; outside and gateway have their own errors")
    func staticErrors() throws {
        var net = try SubnetAllocator(dualSpec())
        try net.allocate(owner: "first", AllocationRequest(v4: ip("10.0.0.9")))
        #expect(throws: IPAMError.addressTaken(ip("10.0.0.9"), subnet: "dual", owner: "first")) {
            try net.allocate(owner: "second", AllocationRequest(v4: ip("10.0.0.9")))
        }
        #expect(throws: IPAMError.outsideSubnet(ip("10.9.0.9"), subnet: "dual", cidrs: [cidr("10.0.0.0/24")])) {
            try net.allocate(owner: "second", AllocationRequest(v4: ip("10.9.0.9")))
        }
        #expect(throws: IPAMError.reservedAddress(ip("fd00::1"), subnet: "dual", role: .gateway)) {
            try net.allocate(owner: "second", AllocationRequest(v6: ip("fd00::1")))
        }
        #expect(throws: IPAMError.wrongFamily(ip("fd00::9"), subnet: "dual", expected: .v4)) {
            try net.allocate(owner: "second", AllocationRequest(v4: ip("fd00::9")))
        }
        #expect(net.allocationCount == 1)
    }

    @Test("an IPv6 request in an IPv4-only subnet is refused")
    func missingFamily() throws {
        var net = try SubnetAllocator(SubnetDefinition(name: "v4", cidrs: [cidr("10.0.0.0/24")]))
        #expect(throws: IPAMError.familyNotInSubnet(.v6, subnet: "v4")) {
            try net.allocate(owner: "x", AllocationRequest(v6: ip("fd00::5")))
        }
        #expect(try net.allocate(owner: "x").v6 == nil)
    }

    @Test("static MACs must be unicast and unused; generated MACs are unique")
    func macs() throws {
        var net = try SubnetAllocator(SubnetDefinition(name: "m", cidrs: [cidr("10.0.0.0/16")]))
        let fixed = MACAddress("00:16:3e:00:00:01")!
        try net.allocate(owner: "a", AllocationRequest(mac: .fixed(fixed)))
        #expect(throws: IPAMError.macTaken(fixed, subnet: "m", owner: "a")) {
            try net.allocate(owner: "b", AllocationRequest(mac: .fixed(fixed)))
        }
        let group = MACAddress("01:00:5e:00:00:01")!
        #expect(throws: IPAMError.invalidMAC(group, subnet: "m")) { try net.allocate(owner: "b", AllocationRequest(mac: .fixed(group))) }
        #expect(net.v4!.usingCount == 1)  // the refused requests gave their addresses back
        var seen = Set<MACAddress>([fixed])
        for i in 0..<5_000 {
            let m = try #require(try net.allocate(owner: "p\(i)").mac)
            #expect(seen.insert(m).inserted)
        }
        #expect(try net.allocate(owner: "nomac", AllocationRequest(mac: .none)).mac == nil)
    }

    @Test("releasing an owner frees its addresses and MAC")
    func release() throws {
        var net = try SubnetAllocator(dualSpec())
        let a = try net.allocate(owner: "p")
        #expect(net.release(owner: "p") == a)
        #expect(net.release(owner: "p") == nil)
        #expect(net.usage == SubnetUsage(v4Available: 253, v4Using: 0, v6Available: 254, v6Using: 0))
        #expect(!net.macs.contains(a.mac!))
    }

    @Test("an excludeIps change reports addresses in use, with their owners")
    func excludeChange() throws {
        var net = try SubnetAllocator(dualSpec())
        let a = try net.allocate(owner: "a")
        try net.allocate(owner: "b")
        let hits = net.setExcludeIps([try AddressRange(parsing: "10.0.0.2"), try AddressRange(parsing: "fd00::3..fd00::10")])
        #expect(hits == [
            ExcludedInUse(subnet: "dual", address: a.v4!, owner: "a"),
            ExcludedInUse(subnet: "dual", address: ip("fd00::3"), owner: "b"),
        ])
        #expect(net.allocation(of: "a") == a)
    }
}

@Suite("IPAM")
struct IPAMTests {
    @Test("restore rebuilds allocations and reports two owners of one address, outside addresses and unknown subnets")
    func restoreConflicts() throws {
        var ipam = AddressBook()
        try ipam.addSubnet(dualSpec())
        try ipam.allocate(subnet: "dual", owner: "stale")  // dropped by restore
        let records = [
            AllocationRecord(subnet: "dual", owner: "a", v4: ip("10.0.0.5"), v6: ip("fd00::5"), mac: MACAddress("0a:00:00:00:00:01")),
            AllocationRecord(subnet: "dual", owner: "b", v4: ip("10.0.0.5"), v6: ip("fd00::6")),
            AllocationRecord(subnet: "dual", owner: "c", v4: ip("10.1.0.5")),
            AllocationRecord(subnet: "nope", owner: "d", v4: ip("10.0.0.8")),
            AllocationRecord(subnet: "dual", owner: "e", v6: ip("fd00::6"), mac: MACAddress("0a:00:00:00:00:01")),
            AllocationRecord(subnet: "dual", owner: "a", v4: ip("10.0.0.9")),
            AllocationRecord(subnet: "dual", owner: "f", v4: ip("10.0.0.1")),
            AllocationRecord(subnet: "dual", owner: "g", v6: ip("fd00::6")),
        ]
        let conflicts = ipam.restore(records)
        #expect(conflicts.map(\.reason) == [
            .addressTaken(ip("10.0.0.5"), subnet: "dual", owner: "a"),
            .outsideSubnet(ip("10.1.0.5"), subnet: "dual", cidrs: [cidr("10.0.0.0/24")]),
            .unknownSubnet("nope"),
            .macTaken(MACAddress("0a:00:00:00:00:01")!, subnet: "dual", owner: "a"),
            .duplicateOwner(owner: "a", subnet: "dual"),
            .reservedAddress(ip("10.0.0.1"), subnet: "dual", role: .gateway),
        ])
        #expect(ipam.allocation(subnet: "dual", owner: "stale") == nil)
        #expect(ipam.allocation(subnet: "dual", owner: "b") == nil)
        #expect(ipam.allocation(subnet: "dual", owner: "g") == Allocation(owner: "g", v6: ip("fd00::6")))
        #expect(ipam.usage(subnet: "dual") == SubnetUsage(v4Available: 252, v4Using: 1, v6Available: 252, v6Using: 2))
        // A second clash in the same subnet still names the holder.
        let again = ipam.restore(records + [AllocationRecord(subnet: "dual", owner: "h", v6: ip("fd00::5"))])
        #expect(again.last?.reason == .addressTaken(ip("fd00::5"), subnet: "dual", owner: "a"))
    }

    @Test("restored owners keep their addresses when they ask again, and new owners get other ones")
    func allocateAfterRestore() throws {
        var ipam = AddressBook()
        try ipam.addSubnet(SubnetDefinition(name: "s", cidrs: [cidr("10.0.0.0/29")], gateways: [ip("10.0.0.1")]))
        _ = ipam.restore([AllocationRecord(subnet: "s", owner: "x", v4: ip("10.0.0.2"))])
        #expect(try ipam.allocate(subnet: "s", owner: "x").v4 == ip("10.0.0.2"))
        #expect(try ipam.allocate(subnet: "s", owner: "y").v4 == ip("10.0.0.3"))
    }

    @Test("a subnet's CIDR or gateway cannot change while in use; excludeIps can")
    func applySubnet() throws {
        var ipam = AddressBook()
        try ipam.applySubnet(SubnetDefinition(name: "s", cidrs: [cidr("10.0.0.0/24")], gateways: [ip("10.0.0.1")]))
        try ipam.allocate(subnet: "s", owner: "a")
        #expect(throws: IPAMError.subnetInUse(subnet: "s", field: "cidrBlock", inUse: 1)) {
            try ipam.applySubnet(SubnetDefinition(name: "s", cidrs: [cidr("10.0.1.0/24")]))
        }
        #expect(throws: IPAMError.subnetInUse(subnet: "s", field: "gateway", inUse: 1)) {
            try ipam.applySubnet(SubnetDefinition(name: "s", cidrs: [cidr("10.0.0.0/24")], gateways: [ip("10.0.0.254")]))
        }
        let hits = try ipam.applySubnet(SubnetDefinition(
            name: "s", cidrs: [cidr("10.0.0.0/24")], gateways: [ip("10.0.0.1")], excludeIps: [try AddressRange(parsing: "10.0.0.2")]))
        #expect(hits.map(\.owner) == ["a"])
        #expect(throws: IPAMError.subnetInUse(subnet: "s", field: "the subnet", inUse: 1)) { try ipam.removeSubnet(named: "s") }
        ipam.release(subnet: "s", owner: "a")
        try ipam.removeSubnet(named: "s")
        #expect(throws: IPAMError.unknownSubnet("s")) { try ipam.allocate(subnet: "s", owner: "a") }
    }

    @Test("subnet definitions with two CIDRs of one family or a stray gateway are refused")
    func invalidSpecs() {
        #expect(throws: IPAMError.invalidSubnet(subnet: "x", field: "cidrBlock", reason: "has more than one IPv4 CIDR")) {
            try SubnetAllocator(SubnetDefinition(name: "x", cidrs: [cidr("10.0.0.0/24"), cidr("10.1.0.0/24")]))
        }
        #expect(throws: IPAMError.invalidSubnet(subnet: "x", field: "gateway", reason: "fd00::1 has no CIDR of its family")) {
            try SubnetAllocator(SubnetDefinition(name: "x", cidrs: [cidr("10.0.0.0/24")], gateways: [ip("fd00::1")]))
        }
    }
}
