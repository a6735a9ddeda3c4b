import NetAddress
import Testing

@Suite("IP addresses")
struct IPAddressTests {
    @Test("IPv4 addresses parse and print back the same", arguments: ["0.0.0.0", "10.16.0.1", "255.255.255.255", "192.168.100.254"])
    func v4RoundTrip(_ text: String) throws {
        let a = try #require(IPAddress(text))
        #expect(a.family == .v4)
        #expect(a.description == text)
    }

    @Test("malformed IPv4 addresses are refused", arguments: ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.-4", "1234.1.1.1"])
    func v4Malformed(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("IPv6 addresses print in RFC 5952 form", arguments: [
        ("fd00::1", "fd00::1"), ("FD00:0:0:0:0:0:0:1", "fd00::1"), ("::", "::"), ("::1", "::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
        ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"), ("::ffff:10.0.0.1", "::ffff:a00:1"), ("fe80::", "fe80::"),
    ])
    func v6Canonical(_ pair: (String, String)) throws {
        let a = try #require(IPAddress(pair.0))
        #expect(a.family == .v6)
        #expect(a.description == pair.1)
    }

    @Test("malformed IPv6 addresses are refused", arguments: [":::", "1::2::3", "12345::", "fd00:::1", "1:2:3:4:5:6:7:8:9", "g::1", "fe80::1%eth0", "1:2:3:4:5:6:7"])
    func v6Malformed(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("addresses advance and stop at the family's end")
    func arithmetic() throws {
        let a = try #require(IPAddress("10.0.0.255"))
        #expect(a.advanced(by: 1)?.description == "10.0.1.0")
        #expect(IPAddress("255.255.255.255")!.advanced(by: 1) == nil)
        #expect(IPAddress("0.0.0.0")!.retreated(by: 1) == nil)
        #expect(IPAddress("fd00::ffff")!.advanced(by: 1)?.description == "fd00::1:0")
    }

    @Test("IPv4 sorts before IPv6, then by value")
    func ordering() {
        let sorted = ["fd00::1", "10.0.0.2", "10.0.0.10", "::1"].compactMap { IPAddress($0) }.sorted()
        #expect(sorted.map(\.description) == ["10.0.0.2", "10.0.0.10", "::1", "fd00::1"])
    }

    @Test("MAC addresses parse, print in lower case and know their kind")
    func mac() throws {
        let m = try #require(MACAddress("0A:58:0A:64:02:0A"))
        #expect(m.description == "0a:58:0a:64:02:0a")
        #expect(m.isLocallyAdministered)
        #expect(!m.isMulticast)
        #expect(MACAddress("01:00:5e:00:00:01")!.isMulticast)
        #expect(MACAddress("0a:58:0a:64:02") == nil)
        #expect(MACAddress("0a:58:0a:64:02:zz") == nil)
    }
}
