import NetAddress
import Testing

@testable import IPAM

@Suite("AddressPool property tests")
struct PoolPropertyTests {
    /// A /18 (16 382 usable addresses) kept 90–99 % full, so the bitmap's summary levels,
    /// wrap-around and long excluded ranges all take part in the search.
    @Test("a nearly full /18 hands out exactly the model's next free address", arguments: [UInt64(5), 6])
    func nearlyFull(seed: UInt64) throws {
        var rng = TestRandom(seed: seed)
        let cidr = CIDR("10.64.0.0/18")!
        let gateway = IPAddress("10.64.0.1")!
        var pool = try AddressPool(subnet: "big", cidr: cidr, gateway: gateway)
        let first = cidr.firstUsable.value
        let last = cidr.lastUsable.value
        var used = Set<UInt128>()
        var excluded: [AddressRange] = []
        var cursor = first

        func isFree(_ v: UInt128) -> Bool {
            v != gateway.value && !used.contains(v) && !excluded.contains { $0.first.value <= v && v <= $0.last.value }
        }
        func modelNext() -> UInt128? {
            var v = cursor
            for _ in 0..<(last - first + 1) {
                if isFree(v) { return v }
                v = v == last ? first : v + 1
            }
            return nil
        }
        func randomValue() -> UInt128 { first + UInt128(rng.below(UInt64(last - first + 1))) }

        for step in 0..<20_000 {
            let target = 0.9 + Double(rng.below(10)) / 100
            let roll = rng.below(100)
            if Double(used.count) < target * Double(last - first) || roll < 5 {
                let want = modelNext()
                do {
                    let got = try pool.allocateNext()
                    #expect(got.value == want, "step \(step)")
                    used.insert(got.value)
                    cursor = got.value == last ? first : got.value + 1
                } catch {
                    #expect(want == nil && error == .subnetFull(subnet: "big", cidr: cidr), "step \(step)")
                }
            } else if roll < 70 {
                let v = randomValue()
                #expect(pool.release(IPAddress(family: .v4, value: v)) == (used.remove(v) != nil), "step \(step)")
            } else if roll < 95 {
                let v = randomValue()
                let a = IPAddress(family: .v4, value: v)
                let granted = (try? pool.allocate(a)) != nil
                #expect(granted == (v != gateway.value && used.insert(v).inserted), "step \(step)")
            } else {
                excluded = (0..<rng.below(4)).map { _ in
                    let low = randomValue()
                    let high = min(last, low + UInt128(rng.below(3_000)))
                    return AddressRange(first: IPAddress(family: .v4, value: low), last: IPAddress(family: .v4, value: high))!
                }
                let hits = pool.setExcludeIps(excluded)
                #expect(hits.map(\.value) == used.filter { v in excluded.contains { $0.contains(IPAddress(family: .v4, value: v)) } }.sorted())
            }
            if step % 250 == 0 {
                let free = (first...last).filter(isFree).count
                #expect(pool.availableCount == UInt64(free), "step \(step)")
                #expect(pool.usingCount == UInt64(used.count), "step \(step)")
            }
        }
    }
}
