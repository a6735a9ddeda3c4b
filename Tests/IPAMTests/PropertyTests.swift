import NetAddress
import Testing

@testable import IPAM

/// A plain reference model of one dual-stack subnet: sets of addresses, a dictionary of owners,
/// brute-force counts over every address, and the round-robin cursor of each family.
private struct Model {
    struct Family {
        let cidr: CIDR
        let gateway: IPAddress
        var used: [IPAddress: String] = [:]
        var cursor: IPAddress

        init(cidr: CIDR, gateway: IPAddress) {
            self.cidr = cidr
            self.gateway = gateway
            cursor = cidr.firstUsable
        }

        var usable: [IPAddress] {
            var out: [IPAddress] = []
            var a = cidr.firstUsable
            while true {
                out.append(a)
                if a == cidr.lastUsable { return out }
                a = a.advanced(by: 1)!
            }
        }

        func isFreeForAuto(_ a: IPAddress, excluded: [AddressRange]) -> Bool {
            a != gateway && used[a] == nil && !excluded.contains { $0.contains(a) }
        }

        func available(excluded: [AddressRange]) -> Int { usable.filter { isFreeForAuto($0, excluded: excluded) }.count }

        /// The address round-robin must hand out next: the first free one at or after the cursor, cyclically.
        func nextAuto(excluded: [AddressRange]) -> IPAddress? {
            let all = usable
            let start = all.firstIndex(of: cursor)!
            return (all[start...] + all[..<start]).first { isFreeForAuto($0, excluded: excluded) }
        }

        mutating func advanceCursor(past a: IPAddress) {
            cursor = a == cidr.lastUsable ? cidr.firstUsable : a.advanced(by: 1)!
        }

        /// The error a static request for `a` must meet, or nil when it must be granted.
        func staticError(_ a: IPAddress, subnet: String) -> IPAMError? {
            if !cidr.contains(a) { return .outsideSubnet(a, subnet: subnet, cidrs: [cidr]) }
            if a == cidr.network { return .reservedAddress(a, subnet: subnet, role: .networkAddress) }
            if cidr.family == .v4 && a == cidr.lastAddress { return .reservedAddress(a, subnet: subnet, role: .broadcastAddress) }
            if a == gateway { return .reservedAddress(a, subnet: subnet, role: .gateway) }
            if let holder = used[a] { return .addressTaken(a, subnet: subnet, owner: holder) }
            return nil
        }
    }

    var v4: Family
    var v6: Family
    var excluded: [AddressRange] = []
    var owners: [String: Allocation] = [:]

    func family(_ f: IPFamily) -> Family { f == .v4 ? v4 : v6 }

    var usage: SubnetUsage {
        SubnetUsage(
            v4Available: UInt64(v4.available(excluded: excluded)), v4Using: UInt64(v4.used.count),
            v6Available: UInt64(v6.available(excluded: excluded)), v6Using: UInt64(v6.used.count))
    }
}

@Suite("IPAM property tests")
struct PropertyTests {
    static let subnet = "prop"
    static let v4CIDR = CIDR("10.7.0.0/27")!
    static let v6CIDR = CIDR("fd00:7::/123")!

    /// An address near the CIDR: mostly inside, sometimes just outside.
    static func randomAddress(_ family: IPFamily, _ rng: inout TestRandom) -> IPAddress {
        let cidr = family == .v4 ? v4CIDR : v6CIDR
        let delta = rng.below(UInt64(cidr.size) + 4)
        return IPAddress(family: family, value: cidr.network.value - 2 + UInt128(delta))
    }

    static func randomExcludes(_ rng: inout TestRandom) -> [AddressRange] {
        var out: [AddressRange] = []
        for family in [IPFamily.v4, .v6] {
            for _ in 0..<rng.below(3) {
                let a = randomAddress(family, &rng)
                let b = a.advanced(by: UInt128(rng.below(6)))!
                out.append(AddressRange(first: a, last: b)!)
            }
        }
        return out
    }

    @Test("random allocate / static / release / exclude-change / restore steps match a reference model", arguments: [UInt64(11), 22, 33])
    func randomSteps(seed: UInt64) throws {
        var rng = TestRandom(seed: seed)
        let spec = SubnetDefinition(
            name: Self.subnet, cidrs: [Self.v4CIDR, Self.v6CIDR],
            gateways: [IPAddress("10.7.0.1")!, IPAddress("fd00:7::1")!])
        var ipam = AddressBook()
        try ipam.addSubnet(spec)
        var model = Model(
            v4: .init(cidr: Self.v4CIDR, gateway: spec.gateways[0]),
            v6: .init(cidr: Self.v6CIDR, gateway: spec.gateways[1]))
        var nextOwner = 0
        var counts: [String: Int] = [:]

        for step in 0..<35_000 {
            let roll = rng.below(100)
            switch roll {
            case 0..<35:  // automatic allocation for a new owner
                counts["auto", default: 0] += 1
                let owner = "p\(nextOwner)"
                nextOwner += 1
                let want4 = model.v4.nextAuto(excluded: model.excluded)
                let want6 = model.v6.nextAuto(excluded: model.excluded)
                do {
                    let got = try ipam.allocate(subnet: Self.subnet, owner: owner)
                    #expect(got.v4 == want4 && got.v6 == want6, "step \(step)")
                    #expect(!model.owners.values.contains { $0.mac == got.mac }, "step \(step): duplicate MAC")
                    guard let a4 = got.v4, let a6 = got.v6 else { continue }
                    #expect(model.v4.used[a4] == nil && model.v6.used[a6] == nil, "step \(step): duplicate")
                    #expect(!model.excluded.contains { $0.contains(a4) || $0.contains(a6) }, "step \(step): excluded")
                    model.v4.used[a4] = owner
                    model.v6.used[a6] = owner
                    model.v4.advanceCursor(past: a4)
                    model.v6.advanceCursor(past: a6)
                    model.owners[owner] = got
                } catch {
                    let expected: IPAMError = want4 == nil
                        ? .subnetFull(subnet: Self.subnet, cidr: Self.v4CIDR) : .subnetFull(subnet: Self.subnet, cidr: Self.v6CIDR)
                    #expect(error == expected && (want4 == nil || want6 == nil), "step \(step)")
                    if want4 != nil, let w = want4 { model.v4.advanceCursor(past: w) }  // taken, then given back
                }
            case 35..<55:  // static v4 (and sometimes static v6) for a new owner
                counts["static", default: 0] += 1
                let owner = "s\(nextOwner)"
                nextOwner += 1
                let s4 = Self.randomAddress(.v4, &rng)
                let s6: IPAddress? = rng.chance(50) ? Self.randomAddress(.v6, &rng) : nil
                let want6 = s6 ?? model.v6.nextAuto(excluded: model.excluded)
                var expected = model.v4.staticError(s4, subnet: Self.subnet)
                if expected == nil {
                    if let s6 { expected = model.v6.staticError(s6, subnet: Self.subnet) }
                    else if want6 == nil { expected = .subnetFull(subnet: Self.subnet, cidr: Self.v6CIDR) }
                }
                do {
                    let got = try ipam.allocate(subnet: Self.subnet, owner: owner, AllocationRequest(v4: s4, v6: s6))
                    #expect(expected == nil, "step \(step): granted, model expected \(String(describing: expected))")
                    #expect(got.v4 == s4 && got.v6 == want6, "step \(step)")
                    model.v4.used[s4] = owner
                    model.v6.used[got.v6!] = owner
                    if s6 == nil { model.v6.advanceCursor(past: got.v6!) }
                    model.owners[owner] = got
                } catch {
                    #expect(error == expected, "step \(step)")
                }
            case 55..<80:  // release a random owner (or one that holds nothing)
                counts["release", default: 0] += 1
                let owner = rng.chance(90) && !model.owners.isEmpty
                    ? model.owners.keys.sorted()[Int(rng.below(UInt64(model.owners.count)))] : "nobody"
                let released = ipam.release(subnet: Self.subnet, owner: owner)
                #expect(released == model.owners.removeValue(forKey: owner), "step \(step)")
                if let r = released {
                    model.v4.used[r.v4!] = nil
                    model.v6.used[r.v6!] = nil
                }
            case 80..<86:  // idempotent re-allocation
                counts["again", default: 0] += 1
                guard let owner = model.owners.keys.min() else { continue }
                #expect(try ipam.allocate(subnet: Self.subnet, owner: owner) == model.owners[owner], "step \(step)")
            case 86..<96:  // excludeIps change
                counts["exclude", default: 0] += 1
                let ranges = Self.randomExcludes(&rng)
                var changed = spec
                changed.excludeIps = ranges
                let hits = try ipam.applySubnet(changed)
                model.excluded = ranges
                let expected = ([model.v4, model.v6].flatMap { f in
                    f.used.filter { used in ranges.contains { $0.contains(used.key) } }
                        .map { ExcludedInUse(subnet: Self.subnet, address: $0.key, owner: $0.value) }
                }).sorted { $0.address < $1.address }
                #expect(hits == expected, "step \(step)")
            default:  // restore from the model's records, shuffled, plus a clashing record
                counts["restore", default: 0] += 1
                var records = model.owners.values.map {
                    AllocationRecord(subnet: Self.subnet, owner: $0.owner, v4: $0.v4, v6: $0.v6, mac: $0.mac)
                }
                records.shuffle(using: &rng)
                var expectedConflicts: [IPAMError] = []
                if let victim = records.first {
                    records.append(AllocationRecord(subnet: Self.subnet, owner: "intruder", v4: victim.v4))
                    expectedConflicts.append(.addressTaken(victim.v4!, subnet: Self.subnet, owner: victim.owner))
                }
                let conflicts = ipam.restore(records)
                #expect(conflicts.map(\.reason) == expectedConflicts, "step \(step)")
                model.v4.cursor = Self.v4CIDR.firstUsable
                model.v6.cursor = Self.v6CIDR.firstUsable
            }
            #expect(ipam.usage(subnet: Self.subnet) == model.usage, "step \(step)")
            if step % 500 == 0 {
                let pools = ipam.subnets[Self.subnet]!
                #expect(pools.v4!.addressesInUse == model.v4.used.keys.sorted())
                #expect(pools.v6!.addressesInUse == model.v6.used.keys.sorted())
            }
        }
        // Every kind of step ran often enough to matter.
        #expect(counts.values.allSatisfy { $0 > 1_000 }, "\(counts)")
    }
}
