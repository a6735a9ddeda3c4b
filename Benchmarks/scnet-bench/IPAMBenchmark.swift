import Foundation
import IPAM
import NetAddress

/// The `ipam` suite: allocation, release and restore rates, and the memory of a busy /8.
///
/// The /8 memory figure is the whole process's resident set (runtime baseline included),
/// measured first, before other cases leave freed heap behind, with 1 M addresses taken at
/// random positions — the worst spread for the bitmap.
func runIPAMBenchmarks() async throws {
    var rng = SplitMix64(seed: 0x5C_4E7)  // the same address pattern every run
    var checksum: UInt128 = 0
    let baseline = residentMemoryMiB()

    // A /8 with 1 M addresses in use, scattered at random (static requests). Only the pool
    // holds them: the offsets are kept as 4-byte values for the release case below.
    let slash8 = CIDR("10.0.0.0/8")!
    var big = try AddressPool(subnet: "bench-8", cidr: slash8, gateway: IPAddress("10.0.0.1"))
    var scattered: [UInt32] = []
    scattered.reserveCapacity(1_000_000)
    while scattered.count < 1_000_000 {
        let offset = UInt32(2 + rng.next() % UInt64(slash8.size - 3))
        let a = IPAddress(family: .v4, value: slash8.network.value + UInt128(offset))
        if (try? big.allocate(a)) != nil { scattered.append(offset) }
    }
    report("ipam.rss_v4_8_1m_mb", residentMemoryMiB(), unit: "MiB")
    report("ipam.rss_baseline_mb", baseline, unit: "MiB")

    // Automatic allocation on that /8 (1 M in use): 500 k more.
    var start = monotonicSeconds()
    for _ in 0..<500_000 { checksum &+= try big.allocateNext().value }
    report("ipam.alloc_v4_8_1m_per_s", 500_000 / (monotonicSeconds() - start), unit: "allocs/s")

    // Release the 1 M scattered addresses in random order.
    scattered.shuffle(using: &rng)
    let toRelease = scattered.map { IPAddress(family: .v4, value: slash8.network.value + UInt128($0)) }
    start = monotonicSeconds()
    for a in toRelease where big.release(a) { checksum &+= 1 }
    report("ipam.release_per_s", Double(toRelease.count) / (monotonicSeconds() - start), unit: "releases/s")
    scattered = []

    // Fill a /16 to the last address, 20 times over.
    var slash16 = try AddressPool(subnet: "bench-16", cidr: CIDR("10.16.0.0/16")!, gateway: IPAddress("10.16.0.1"))
    let perFill = Int(slash16.availableCount)
    var elapsed = 0.0
    for _ in 0..<20 {
        slash16.releaseAll()
        start = monotonicSeconds()
        for _ in 0..<perFill { checksum &+= try slash16.allocateNext().value }
        elapsed += monotonicSeconds() - start
    }
    report("ipam.alloc_v4_16_per_s", Double(20 * perFill) / elapsed, unit: "allocs/s")

    // 1 M automatic allocations on an IPv6 /64.
    var slash64 = try AddressPool(subnet: "bench-64", cidr: CIDR("fd00:10::/64")!, gateway: IPAddress("fd00:10::1"))
    start = monotonicSeconds()
    for _ in 0..<1_000_000 { checksum &+= try slash64.allocateNext().value }
    report("ipam.alloc_v6_64_per_s", 1_000_000 / (monotonicSeconds() - start), unit: "allocs/s")

    // Whole allocations (owner, IPv4 + IPv6 + MAC) on a dual-stack subnet, for context.
    let dual = SubnetDefinition(
        name: "bench-dual", cidrs: [CIDR("10.32.0.0/12")!, CIDR("fd00:32::/64")!],
        gateways: [IPAddress("10.32.0.1")!, IPAddress("fd00:32::1")!])
    var ipam = AddressBook()
    try ipam.addSubnet(dual)
    let owners = (0..<200_000).map { "pod-\($0).namespace-\($0 % 50)" }
    start = monotonicSeconds()
    for owner in owners { checksum &+= try ipam.allocate(subnet: "bench-dual", owner: owner).v4!.value }
    report("ipam.alloc_dual_owner_per_s", Double(owners.count) / (monotonicSeconds() - start), unit: "allocs/s")

    // Restore 100 k records (dual stack + MAC) into four subnets; best of 5.
    let restoreIPAM = try restoreFixture()
    var best = Double.infinity
    for _ in 0..<5 {
        var target = restoreIPAM.empty
        start = monotonicSeconds()
        let conflicts = target.restore(restoreIPAM.records)
        best = min(best, monotonicSeconds() - start)
        guard conflicts.isEmpty else { throw BenchFailure(text: "restore reported \(conflicts.count) conflicts") }
    }
    report("ipam.restore_100k_ms", best * 1000, unit: "ms")

    printError("ipam checksum \(checksum)")
}

/// Four dual-stack subnets and 100 000 records spread over them.
private func restoreFixture() throws -> (empty: AddressBook, records: [AllocationRecord]) {
    var ipam = AddressBook()
    for s in 0..<4 {
        try ipam.addSubnet(SubnetDefinition(
            name: "net\(s)", cidrs: [CIDR("10.\(64 + s).0.0/16")!, CIDR("fd00:\(s)::/64")!],
            gateways: [IPAddress("10.\(64 + s).0.1")!, IPAddress("fd00:\(s)::1")!]))
    }
    let empty = ipam
    for i in 0..<100_000 {
        try ipam.allocate(subnet: "net\(i % 4)", owner: "pod-\(i).namespace-\(i % 50)")
    }
    let records = ipam.subnets.values.flatMap { subnet in
        subnet.allocations.map {
            AllocationRecord(subnet: subnet.name, owner: $0.owner, v4: $0.v4, v6: $0.v6, mac: $0.mac)
        }
    }
    return (empty, records)
}

struct BenchFailure: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}
