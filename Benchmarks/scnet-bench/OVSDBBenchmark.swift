import Foundation
import OVN
import OVSDB

// The `ovsdb` suite: creating 10 000 logical switch ports (addresses + external_ids) across
// 100 switches on a fresh NB ovsdb-server each time (no ovn-northd, so nothing else competes
// for the 2 cores), in every mode the issue asks for. Prints ports/s and ratios.

private let portCount = 10_000
private let switchCount = 100
private let nbctlPortCount = 500

/// A private NB ovsdb-server in a temp dir, stopped by its own pid.
private struct PrivateNorthbound {
    let directory: String
    var socket: String { "\(directory)/nb.sock" }
    var remote: String { "unix:\(socket)" }

    static func start() async throws -> PrivateNorthbound {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scnet-bench-nb-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let created = try spawnAndWait("/usr/bin/ovsdb-tool", ["create", "\(dir)/nb.db", "/usr/share/ovn/ovn-nb.ovsschema"])
        guard created.code == 0 else { throw BenchError("ovsdb-tool create: \(created.err)") }
        let started = try spawnAndWait("/usr/sbin/ovsdb-server", [
            "\(dir)/nb.db", "--remote=punix:\(dir)/nb.sock", "--unixctl=\(dir)/nb.ctl", "--pidfile=\(dir)/nb.pid",
            "--log-file=\(dir)/nb.log", "--detach", "--no-chdir",
        ])
        guard started.code == 0 else { throw BenchError("ovsdb-server: \(started.err)") }
        return PrivateNorthbound(directory: dir)
    }

    func stop() {
        if let text = try? String(contentsOfFile: "\(directory)/nb.pid", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
            for _ in 0..<200 where kill(pid, 0) == 0 { usleep(20_000) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

private func portName(_ prefix: String, _ i: Int) -> String { "\(prefix)-\(i)" }

private func portAddress(_ i: Int) -> String {
    let b = [(i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255]
    return String(format: "0a:00:%02x:%02x:%02x:%02x 10.%d.%d.%d", b[0], b[1], b[2], b[3], b[1], b[2], b[3])
}

private func portOperations(_ prefix: String, _ i: Int) -> [OVSDBOperation] {
    NorthboundOperations.addSwitchPort("sw\(i % switchCount)", name: portName(prefix, i), addresses: [portAddress(i)],
                                       kind: "bench")
}

/// Runs `body` on a fresh NB with switches sw0…sw99, using a started client that by default
/// monitors the tables a controller would (Logical_Switch, Logical_Switch_Port) — like ovsdbapp,
/// which keeps a replica too. With `replica: false` the client only writes: its best mode for
/// pure creation, where it does not also decode every new row the server sends back.
private func withFreshNorthbound<T: Sendable>(replica: Bool = true, _ body: (PrivateNorthbound, OVSDBClient) async throws -> T) async throws -> T {
    let nb = try await PrivateNorthbound.start()
    defer { nb.stop() }
    let client = OVSDBClient(remotes: [try Remote(nb.remote)], database: "OVN_Northbound",
                             monitoring: replica ? ["Logical_Switch": nil, "Logical_Switch_Port": nil] : [:])
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await client.run(); return nil }
        try await client.waitUntilReady()
        _ = try await client.transact((0..<switchCount).flatMap { NorthboundOperations.createSwitch("sw\($0)") })
        let result = try await body(nb, client)
        group.cancelAll()
        return result
    }
}

private func countPorts(_ nb: PrivateNorthbound) throws -> Int {
    let r = try spawnAndWait("/usr/bin/ovn-nbctl", ["--db=\(nb.remote)", "--bare", "--columns=_uuid", "list", "Logical_Switch_Port"])
    return r.out.split(separator: "\n").filter { !$0.isEmpty }.count
}

func runOVSDBBenchmarks() async throws {
    // (a) sequential, our client.
    let scnetSeq = try await withFreshNorthbound { nb, client in
        let start = monotonicSeconds()
        for i in 0..<portCount { _ = try await client.transact(portOperations("seq", i)) }
        let elapsed = monotonicSeconds() - start
        guard try countPorts(nb) == portCount else { throw BenchError("sequential run did not create \(portCount) ports") }
        return Double(portCount) / elapsed
    }
    report("ovsdb.scnet_seq_per_s", scnetSeq, unit: "ports/s")

    // (a) sequential, Neutron's ovsdbapp (system python, not pyenv's).
    let ovsdbappSeq = try await withFreshNorthbound { nb, _ in
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ovsdb/ovsdbapp_driver.py").path
        let r = try spawnAndWait("/usr/bin/python3", [script, nb.remote, String(portCount), String(switchCount)],
                                 environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": NSHomeDirectory()])
        guard r.code == 0, let seconds = Double(r.out.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("ovsdbapp driver failed (\(r.code)): \(r.err.suffix(600))")
        }
        guard try countPorts(nb) == portCount else { throw BenchError("ovsdbapp run did not create \(portCount) ports") }
        return Double(portCount) / seconds
    }
    report("ovsdb.ovsdbapp_seq_per_s", ovsdbappSeq, unit: "ports/s")

    // (a) sequential, ovn-nbctl one process per port, on fewer ports (it is ~100x slower).
    let nbctlSeq = try await withFreshNorthbound { nb, _ in
        let start = monotonicSeconds()
        for i in 0..<nbctlPortCount {
            let name = portName("nbctl", i)
            let r = try spawnAndWait("/usr/bin/ovn-nbctl", [
                "--db=\(nb.remote)", "lsp-add", "sw\(i % switchCount)", name, "--", "lsp-set-addresses", name, portAddress(i),
                "--", "set", "Logical_Switch_Port", name, "external_ids:scnet/owner=bench", "external_ids:scnet/name=\(name)",
            ])
            guard r.code == 0 else { throw BenchError("ovn-nbctl: \(r.err)") }
        }
        return Double(nbctlPortCount) / (monotonicSeconds() - start)
    }
    report("ovsdb.nbctl_seq_per_s", nbctlSeq, unit: "ports/s")
    printError("scnet-bench: ovsdb.nbctl_seq_per_s measured on \(nbctlPortCount) ports (one ovn-nbctl process each)")

    // (b) concurrent creations (pipelining + coalescing), with the replica a controller keeps,
    // and write-only — the client's best mode for pure creation.
    func concurrentRun(replica: Bool) async throws -> Double {
        try await withFreshNorthbound(replica: replica) { nb, client in
            let start = monotonicSeconds()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<portCount {
                    group.addTask { _ = try await client.transactCoalesced(portOperations("conc", i)) }
                }
                try await group.waitForAll()
            }
            let elapsed = monotonicSeconds() - start
            guard try countPorts(nb) == portCount else { throw BenchError("concurrent run did not create \(portCount) ports") }
            return Double(portCount) / elapsed
        }
    }
    let concurrentWithReplica = try await concurrentRun(replica: true)
    report("ovsdb.scnet_concurrent_with_replica_per_s", concurrentWithReplica, unit: "ports/s")
    let concurrent = try await concurrentRun(replica: false)
    report("ovsdb.scnet_concurrent_per_s", concurrent, unit: "ports/s")

    // (c) the server's own limit: every row in one transaction. Sent over a bare connection
    // because `ovsdb-client transact` takes the transaction as one argv string, and Linux
    // caps a single argument at 128 KiB (these 10 000 rows are ~2 MB).
    let batch = try await withFreshNorthbound(replica: false) { nb, _ in
        var operations: [OVSDBOperation] = []
        var bySwitch: [[Atom]] = Array(repeating: [], count: switchCount)
        for i in 0..<portCount {
            let name = portName("batch", i)
            operations.append(.insert("Logical_Switch_Port", [
                "name": .atom(.string(name)), "addresses": .strings([portAddress(i)]),
                "external_ids": .stringMap(Ownership.markers(kind: "bench", name: name)),
            ], uuidName: "p\(i)"))
            bySwitch[i % switchCount].append(.namedUUID("p\(i)"))
        }
        for (s, ports) in bySwitch.enumerated() {
            operations.append(.mutate("Logical_Switch", where: [.equal("name", .string("sw\(s)"))],
                                      mutations: [Mutation("ports", .insert, .set(Set(ports)))]))
        }
        let connection = try await OVSDBConnection.connect(to: try Remote(nb.remote), onNotification: { _, _ in })
        let start = monotonicSeconds()
        _ = try await connection.transact("OVN_Northbound", operations)
        let elapsed = monotonicSeconds() - start
        await connection.close()
        guard try countPorts(nb) == portCount else { throw BenchError("batch run did not create \(portCount) ports") }
        return Double(portCount) / elapsed
    }
    report("ovsdb.batch_limit_per_s", batch, unit: "ports/s")

    report("ovsdb.scnet_vs_ovsdbapp", scnetSeq / ovsdbappSeq, unit: "ratio")
    report("ovsdb.concurrent_vs_batch", concurrent / batch, unit: "ratio")
    report("ovsdb.concurrent_with_replica_vs_batch", concurrentWithReplica / batch, unit: "ratio")
}
