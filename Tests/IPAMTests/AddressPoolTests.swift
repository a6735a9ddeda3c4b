import NetAddress
import Testing

@testable import IPAM

private func ip(_ s: String) -> IPAddress { IPAddress(s)! }
private func cidr(_ s: String) -> CIDR { CIDR(s)! }
private func range(_ s: String) -> AddressRange { try! AddressRange(parsing: s) }

/// Allocates until the pool refuses; returns what it handed out.
private func drain(_ pool: inout AddressPool) -> [IPAddress] {
    var out: [IPAddress] = []
    while let a = try? pool.allocateNext() { out.append(a) }
    return out
}

@Suite("AddressPool")
struct AddressPoolTests {
    @Test("a /32 and a /128 hold exactly their one address")
    func singleAddress() throws {
        for text in ["10.1.2.3/32", "fd00::7/128"] {
            var pool = try AddressPool(subnet: "s", cidr: cidr(text))
            #expect(pool.usableCount == 1)
            #expect(drain(&pool) == [cidr(text).network])
            #expect(throws: IPAMError.subnetFull(subnet: "s", cidr: cidr(text))) { try pool.allocateNext() }
        }
    }

    @Test("a /31 and a /127 use both addresses (no network or broadcast address)")
    func pointToPoint() throws {
        var v4 = try AddressPool(subnet: "s", cidr: cidr("10.0.0.4/31"))
        #expect(drain(&v4) == [ip("10.0.0.4"), ip("10.0.0.5")])
        var v6 = try AddressPool(subnet: "s", cidr: cidr("fd00::2/127"))
        #expect(drain(&v6) == [ip("fd00::2"), ip("fd00::3")])
    }

    @Test("a /32 whose gateway is its only address has nothing to give, statically or not")
    func gatewayOnlyAddress() throws {
        var pool = try AddressPool(subnet: "s", cidr: cidr("10.0.0.9/32"), gateway: ip("10.0.0.9"))
        #expect(pool.availableCount == 0)
        #expect(throws: IPAMError.subnetFull(subnet: "s", cidr: cidr("10.0.0.9/32"))) { try pool.allocateNext() }
        #expect(throws: IPAMError.reservedAddress(ip("10.0.0.9"), subnet: "s", role: .gateway)) {
            try pool.allocate(ip("10.0.0.9"))
        }
    }

    @Test("automatic allocation skips gateway, network and broadcast, then reports the subnet full by name")
    func smallV4() throws {
        var pool = try AddressPool(subnet: "net1", cidr: cidr("192.168.0.0/29"), gateway: ip("192.168.0.1"))
        #expect(pool.usableCount == 6)
        #expect(pool.availableCount == 5)
        #expect(drain(&pool) == (2...6).map { ip("192.168.0.\($0)") })
        do {
            _ = try pool.allocateNext()
            Issue.record("a full subnet allocated")
        } catch {
            #expect(error == .subnetFull(subnet: "net1", cidr: cidr("192.168.0.0/29")))
            #expect(error.description.contains("subnet \"net1\" has no free address"))
        }
    }

    @Test("IPv6 never hands out the network (subnet-router anycast) address but does use the last")
    func smallV6() throws {
        var pool = try AddressPool(subnet: "s", cidr: cidr("fd00::/126"), gateway: ip("fd00::1"))
        #expect(drain(&pool) == [ip("fd00::2"), ip("fd00::3")])
        #expect(throws: IPAMError.reservedAddress(ip("fd00::"), subnet: "s", role: .networkAddress)) {
            try pool.allocate(ip("fd00::"))
        }
    }

    @Test("static requests fail with a distinct error for taken, outside, gateway, network, broadcast and family")
    func staticErrors() throws {
        var pool = try AddressPool(subnet: "s", cidr: cidr("10.0.0.0/24"), gateway: ip("10.0.0.1"))
        try pool.allocate(ip("10.0.0.50"))
        #expect(throws: IPAMError.addressTaken(ip("10.0.0.50"), subnet: "s", owner: nil)) { try pool.allocate(ip("10.0.0.50")) }
        #expect(throws: IPAMError.outsideSubnet(ip("10.0.1.1"), subnet: "s", cidrs: [cidr("10.0.0.0/24")])) {
            try pool.allocate(ip("10.0.1.1"))
        }
        #expect(throws: IPAMError.reservedAddress(ip("10.0.0.1"), subnet: "s", role: .gateway)) { try pool.allocate(ip("10.0.0.1")) }
        #expect(throws: IPAMError.reservedAddress(ip("10.0.0.0"), subnet: "s", role: .networkAddress)) { try pool.allocate(ip("10.0.0.0")) }
        #expect(throws: IPAMError.reservedAddress(ip("10.0.0.255"), subnet: "s", role: .broadcastAddress)) {
            try pool.allocate(ip("10.0.0.255"))
        }
        #expect(throws: IPAMError.familyNotInSubnet(.v6, subnet: "s")) { try pool.allocate(ip("fd00::5")) }
        #expect(pool.usingCount == 1)
    }

    @Test("excluded addresses are skipped automatically but granted to a static request")
    func excludeIps() throws {
        var pool = try AddressPool(
            subnet: "s", cidr: cidr("10.0.0.0/28"), gateway: ip("10.0.0.1"),
            excludeIps: [range("10.0.0.2..10.0.0.9"), range("fd00::1")])
        #expect(pool.excludedCount == 8)
        try pool.allocate(ip("10.0.0.5"))
        #expect(pool.isExcluded(ip("10.0.0.5")) && pool.isInUse(ip("10.0.0.5")))
        #expect(drain(&pool) == (10...14).map { ip("10.0.0.\($0)") })
    }

    @Test("counts: available = usable − gateway − excluded − (in use and not excluded)")
    func counts() throws {
        var pool = try AddressPool(
            subnet: "s", cidr: cidr("10.0.0.0/24"), gateway: ip("10.0.0.1"),
            excludeIps: [range("10.0.0.10..10.0.0.19"), range("10.0.0.1..10.0.0.2"), range("9.0.0.0..10.0.0.0")])
        // Excluded inside the usable range: .10–.19 and .2 (the gateway and .0 do not count twice).
        #expect(pool.usableCount == 254)
        #expect(pool.reservedCount == 1)
        #expect(pool.excludedCount == 11)
        #expect(pool.availableCount == 254 - 1 - 11)
        try pool.allocate(ip("10.0.0.15"))  // static, excluded
        _ = try pool.allocateNext()
        _ = try pool.allocateNext()
        #expect(pool.usingCount == 3)
        #expect(pool.availableCount == 254 - 1 - 11 - 2)
        pool.release(ip("10.0.0.15"))
        #expect(pool.availableCount == 254 - 1 - 11 - 2)
        #expect(pool.usingCount == 2)
    }

    @Test("round-robin: a released address is not handed out again before the others")
    func roundRobin() throws {
        var pool = try AddressPool(subnet: "s", cidr: cidr("10.0.0.0/29"), gateway: ip("10.0.0.1"))
        let a = try pool.allocateNext()
        let b = try pool.allocateNext()
        pool.release(a)
        #expect(try pool.allocateNext() == b.advanced(by: 1))
        _ = drain(&pool)
        #expect(pool.usingCount == 5)
        pool.release(b)
        #expect(try pool.allocateNext() == b)  // wrapped around to the only free one
    }

    @Test("changing excludeIps keeps addresses in use and reports the ones now excluded")
    func liveExcludeChange() throws {
        var pool = try AddressPool(subnet: "s", cidr: cidr("10.0.0.0/24"), gateway: ip("10.0.0.1"))
        let first = (0..<10).map { _ in try! pool.allocateNext() }  // .2 ... .11
        let hits = pool.setExcludeIps([range("10.0.0.5..10.0.0.7"), range("10.0.0.200")])
        #expect(hits == [ip("10.0.0.5"), ip("10.0.0.6"), ip("10.0.0.7")])
        #expect(pool.usingCount == 10)
        #expect(pool.availableCount == 254 - 1 - 4 - 7)
        for a in first { pool.release(a) }
        #expect(pool.availableCount == 254 - 1 - 4)
    }

    @Test("an IPv6 /64 allocates up to its last address and wraps around")
    func slash64() throws {
        let net = cidr("fd00:1::/64")
        var pool = try AddressPool(subnet: "s", cidr: net, gateway: ip("fd00:1::1"))
        #expect(pool.usableCount == UInt64.max)
        let last = net.lastAddress
        try pool.allocate(last)
        pool.release(last)
        #expect(try pool.allocateNext() == ip("fd00:1::2"))
        #expect(pool.availableCount == UInt64.max - 2)
    }

    @Test("an IPv6 /48 is clamped to its first 2^64 addresses")
    func clamped() throws {
        let net = cidr("fd00:2::/48")
        var pool = try AddressPool(subnet: "s", cidr: net)
        #expect(pool.usableCount == UInt64.max)
        let inside = ip("fd00:2::ffff:ffff:ffff:ffff")
        try pool.allocate(inside)
        let past = ip("fd00:2:0:1::")
        #expect(throws: IPAMError.beyondAllocatableRange(past, subnet: "s", cidr: net)) { try pool.allocate(past) }
    }

    @Test("a /8 with a million addresses in use stores a few words per 64 addresses")
    func slash8Memory() throws {
        var pool = try AddressPool(subnet: "s", cidr: cidr("10.0.0.0/8"), gateway: ip("10.0.0.1"))
        for _ in 0..<200_000 { _ = try pool.allocateNext() }
        #expect(pool.usingCount == 200_000)
        // 200 000 consecutive addresses: 3 125 words at level 0, ~50 above.
        #expect(pool.storedWordCount < 3_300)
    }

    @Test("a gateway outside the CIDR is refused")
    func badGateway() {
        #expect(throws: IPAMError.invalidSubnet(subnet: "s", field: "gateway", reason: "10.1.0.1 is not inside 10.0.0.0/24")) {
            try AddressPool(subnet: "s", cidr: cidr("10.0.0.0/24"), gateway: ip("10.1.0.1"))
        }
    }
}
