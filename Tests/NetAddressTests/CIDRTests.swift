import NetAddress
import Testing

@Suite("CIDR blocks and ranges")
struct CIDRTests {
    @Test("a /24 knows its network, broadcast and usable range")
    func v4Basics() throws {
        let c = try CIDR(parsing: "10.0.0.0/24")
        #expect(c.firstUsable.description == "10.0.0.1")
        #expect(c.lastUsable.description == "10.0.0.254")
        #expect(c.lastAddress.description == "10.0.0.255")
        #expect(c.size == 256)
        #expect(c.contains(IPAddress("10.0.0.77")!))
        #expect(!c.contains(IPAddress("10.0.1.0")!))
        #expect(!c.contains(IPAddress("fd00::1")!))
    }

    @Test("/31, /32, /127 and /128 use every address")
    func pointToPoint() throws {
        let c31 = try CIDR(parsing: "10.0.0.0/31")
        #expect(c31.firstUsable.description == "10.0.0.0")
        #expect(c31.lastUsable.description == "10.0.0.1")
        let c32 = try CIDR(parsing: "10.0.0.5/32")
        #expect(c32.usableRange.count == 1)
        let c127 = try CIDR(parsing: "fd00::/127")
        #expect(c127.usableRange.count == 2)
        let c128 = try CIDR(parsing: "fd00::1/128")
        #expect(c128.firstUsable == c128.lastUsable)
    }

    @Test("IPv6 /64 and /0 sizes do not overflow")
    func v6Sizes() throws {
        #expect(try CIDR(parsing: "fd00::/64").size == UInt128(1) << 64)
        #expect(try CIDR(parsing: "::/0").size == .max)
        #expect(try CIDR(parsing: "0.0.0.0/0").size == UInt128(1) << 32)
    }

    @Test("malformed CIDRs are refused with the reason", arguments: [
        ("10.0.0.0", "not a CIDR"), ("10.0.0/24", "valid IPv4 or IPv6"), ("10.0.0.0/33", "prefix length"),
        ("fd00::/129", "prefix length"), ("10.0.0.1/24", "did you mean 10.0.0.0/24"), ("10.0.0.0/-1", "prefix length"),
        ("10.0.0.0/+8", "prefix length"), ("10.0.0.0/24/1", "not a CIDR"),
    ])
    func malformed(_ pair: (String, String)) {
        #expect(throws: CIDRError.self) { try CIDR(parsing: pair.0) }
        do { _ = try CIDR(parsing: pair.0) } catch { #expect(error.description.contains(pair.1)) }
    }

    @Test("overlap is symmetric and family-aware")
    func overlap() throws {
        let a = try CIDR(parsing: "10.0.0.0/16"), b = try CIDR(parsing: "10.0.5.0/24"), c = try CIDR(parsing: "10.1.0.0/16")
        #expect(a.overlaps(b) && b.overlaps(a))
        #expect(!a.overlaps(c) && !c.overlaps(a))
        #expect(!a.overlaps(try CIDR(parsing: "fd00::/8")))
        #expect(try CIDR(parsing: "fd00::/48").overlaps(try CIDR(parsing: "fd00:0:0:1::/64")))
    }

    @Test("excludeIps ranges parse, and refuse reversed, mixed and double ranges")
    func ranges() throws {
        let r = try AddressRange(parsing: "10.0.0.2..10.0.0.9")
        #expect(r.count == 8)
        #expect(r.description == "10.0.0.2..10.0.0.9")
        #expect(try AddressRange(parsing: "10.0.0.5").count == 1)
        #expect(throws: AddressRangeError.reversed("10.0.0.9..10.0.0.2")) { try AddressRange(parsing: "10.0.0.9..10.0.0.2") }
        #expect(throws: AddressRangeError.mixedFamilies("10.0.0.1..fd00::1")) { try AddressRange(parsing: "10.0.0.1..fd00::1") }
        #expect(throws: AddressRangeError.tooManyDots("1.1.1.1..1.1.1.2..1.1.1.3")) { try AddressRange(parsing: "1.1.1.1..1.1.1.2..1.1.1.3") }
        #expect(r.isInside(try CIDR(parsing: "10.0.0.0/24")))
        #expect(!r.isInside(try CIDR(parsing: "10.0.0.0/29")))
    }
}
