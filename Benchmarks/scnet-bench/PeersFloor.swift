import Foundation
import OVN
import OVSDB

/// The peers' own cost per pod, without scnet: the same number of logical switch ports written
/// into the sandbox's NB by a bare client (32 transactions in flight, one port each, as the
/// controller writes them), then the CPU neutron-server, ovn-northd and ovsdb-server spend until
/// they have processed them all. On a machine where they share the cores with scnet, this is
/// the floor under the controller benchmark: `peers_floor.max_pods_per_s` is what the cores
/// could sustain if scnet itself cost nothing. The switch and its ports are deleted afterwards,
/// and the peers left to settle again.
func measurePeersFloor(count: Int, northbound: String) async throws {
    _ = await waitUntilPeersIdle()  // Neutron's start-up work, first
    let nb = OVSDBClient(remotes: try Remote.parseList(northbound), database: "OVN_Northbound", monitoring: [:])
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await nb.run() }
        try await nb.waitUntilReady()
        _ = try await nb.transact(NorthboundOperations.createSwitch("scnet-bench-floor", kind: "bench"))
        let before = ProcessCPU.snapshot()
        let start = monotonicSeconds()
        try await withThrowingTaskGroup(of: Void.self) { writers in
            for worker in 0..<32 {
                writers.addTask {
                    for i in stride(from: worker, to: count, by: 32) {
                        let address = String(format: "0a:58:0a:%02x:%02x:%02x 10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255,
                                             100 + (i >> 16) & 255, (i >> 8) & 255, i & 255)
                        _ = try await nb.transact(NorthboundOperations.addSwitchPort(
                            "scnet-bench-floor", name: "floor-\(i)", addresses: [address], portSecurity: [address], kind: "bench"))
                    }
                }
            }
            try await writers.waitForAll()
        }
        let written = monotonicSeconds() - start
        let settled = await waitUntilPeersIdle()
        let spent = ProcessCPU.snapshot().since(before)
        report("controller.peers_floor.ports_written_per_s", Double(count) / written, unit: "ports/s")
        report("controller.peers_floor.settled_after_s", settled, unit: "s")
        var total = 0.0
        for peer in ["neutron-server", "ovn-northd", "ovsdb-server"] {
            let perPort = (spent[peer] ?? 0) * 1000 / Double(count)
            total += perPort
            report("controller.peers_floor.cpu_ms_per_pod.\(peer)", perPort, unit: "ms")
        }
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        report("controller.peers_floor.max_pods_per_s", total > 0 ? cores * 1000 / total : .infinity, unit: "pods/s")
        // The ports go with their switch (they are not root rows).
        _ = try await nb.transact([.delete(LogicalSwitch.table, where: [.equal("name", .string("scnet-bench-floor"))])])
        _ = await waitUntilPeersIdle()
        group.cancelAll()
    }
}

/// Polls until neutron-server, ovn-northd and ovsdb-server together used under 5% of a core
/// over a second (at most 300 s); returns the seconds it took.
private func waitUntilPeersIdle() async -> Double {
    let start = monotonicSeconds()
    var previous = ProcessCPU.snapshot()
    while monotonicSeconds() - start < 300 {
        try? await Task.sleep(for: .seconds(1))
        let now = ProcessCPU.snapshot()
        let busy = now.since(previous).filter { ["neutron-server", "ovn-northd", "ovsdb-server"].contains($0.key) }.values.reduce(0, +)
        previous = now
        if busy < 0.05 { break }
    }
    return monotonicSeconds() - start
}
