import Foundation
import OVSDB
import Testing
import TestSupport

/// name → (addresses, external_ids) of every Logical_Switch_Port, as `ovn-nbctl list` shows it.
func portsFromNbctl(_ ovn: OVNSandbox) throws -> [String: PortView] {
    let text = try ovn.nbctl("--format=json", "--columns=name,addresses,external_ids", "list", "Logical_Switch_Port")
    let json = try JSON.decode(text)
    var out: [String: PortView] = [:]
    for row in json["data"]?.arrayValue ?? [] {
        guard let cells = row.arrayValue, cells.count == 3, let name = cells[0].stringValue else { continue }
        let addresses = Set(try Value(json: cells[1]).atoms.compactMap(\.stringValue))
        out[name] = PortView(addresses: addresses, externalIDs: try Value(json: cells[2]).stringMap)
    }
    return out
}

/// The same view from the client's replica.
func portsFromReplica(_ replica: Replica) -> [String: PortView] {
    var out: [String: PortView] = [:]
    for row in replica.rows("Logical_Switch_Port").values {
        guard let name = row["name"]?.single?.stringValue else { continue }
        out[name] = PortView(addresses: Set(row["addresses"]?.atoms.compactMap(\.stringValue) ?? []),
                             externalIDs: row["external_ids"]?.stringMap ?? [:])
    }
    return out
}

struct PortView: Equatable, Sendable {
    var addresses: Set<String>
    var externalIDs: [String: String]
}

@Suite("monitor and replica against a real ovsdb-server", .serialized)
struct MonitorIntegrationTests {
    static let tables: [String: [String]?] = ["Logical_Switch": nil, "Logical_Switch_Port": nil]

    @Test("the replica matches ovn-nbctl list after concurrent writes from ovn-nbctl")
    func replicaFollowsNbctl() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        try ovn.nbctl("ls-add", "sw0")
        try ovn.nbctl("lsp-add", "sw0", "initial")
        try await withClient([try Remote(ovn.northbound)], monitoring: Self.tables) { client in
            #expect(portsFromReplica(client.replica).keys.contains("initial"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for i in 0..<8 {
                            let name = "w\(worker)-\(i)"
                            try ovn.nbctl("lsp-add", "sw0", name, "--", "lsp-set-addresses", name, "00:00:00:00:0\(worker):0\(i) 10.0.\(worker).\(i + 2)")
                            if i % 3 == 0 { try ovn.nbctl("set", "Logical_Switch_Port", name, "external_ids:k=\(i)") }
                            if i % 4 == 1 { try ovn.nbctl("lsp-del", name) }
                        }
                    }
                }
                // Our own writes interleave with nbctl's.
                group.addTask {
                    for i in 0..<10 {
                        _ = try await client.transact([
                            .insert("Logical_Switch_Port", ["name": .atom(.string("ours-\(i)")), "external_ids": .stringMap(["scnet/owner": "scnet"])], uuidName: "p"),
                            .mutate("Logical_Switch", where: [.equal("name", "sw0")], mutations: [Mutation("ports", .insert, .set([.namedUUID("p")]))]),
                        ])
                    }
                }
                try await group.waitForAll()
            }
            try ovn.nbctl("set", "Logical_Switch_Port", "initial", "addresses=router", "external_ids:a=b")
            let expected = try portsFromNbctl(ovn)
            let expectedCount = 35  // 1 initial + 4 workers × (8 added − 2 deleted) + 10 ours
            #expect(expected.count == expectedCount)
            let converged = await eventually { portsFromReplica(client.replica) == expected }
            #expect(converged, "replica: \(portsFromReplica(client.replica).count) ports, nbctl: \(expected.count)")
        }
    }

    @Test("changes are announced on the event stream")
    func changeEvents() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        try await withClient([try Remote(ovn.northbound)], monitoring: Self.tables) { client in
            try ovn.nbctl("ls-add", "announced")
            var sawInsert = false
            for await event in client.events {
                if case .changes(let changes) = event,
                    changes.contains(where: { if case .inserted("Logical_Switch", _, let row) = $0 { return row["name"] == "announced" } else { return false } })
                {
                    sawInsert = true
                    break
                }
            }
            #expect(sawInsert)
        }
    }

    @Test("after ovsdb-server is killed and restarted the monitors come back and the replica is correct")
    func survivesServerRestart() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        try ovn.nbctl("ls-add", "sw0")
        try ovn.nbctl("lsp-add", "sw0", "before")
        try await withClient([try Remote(ovn.northbound)], monitoring: Self.tables) { client in
            #expect(portsFromReplica(client.replica).keys.contains("before"))
            var events = client.events.makeAsyncIterator()
            try ovn.killNorthbound()
            var disconnected = false
            while let event = await events.next() {
                if case .disconnected = event { disconnected = true; break }
            }
            #expect(disconnected)
            // Change the database as the server comes back (the client may or may not be back yet).
            try ovn.restartNorthbound()
            try ovn.nbctl("lsp-del", "before")
            try ovn.nbctl("lsp-add", "sw0", "after")
            var reconnected = false
            while let event = await events.next() {
                if case .ready(_, true) = event { reconnected = true; break }
            }
            #expect(reconnected)
            let expected = try portsFromNbctl(ovn)
            #expect(expected.keys.sorted() == ["after"])
            #expect(await eventually { portsFromReplica(client.replica) == expected })
            // And the connection is usable for writes again.
            _ = try await client.transact([.insert("Logical_Switch", ["name": "sw-after-restart"])])
            #expect(try ovn.nbctl("ls-list").contains("sw-after-restart"))
        }
    }
}

@Suite("keep-alive against a real ovsdb-server")
struct KeepAliveTests {
    @Test("an idle connection stays up: the client's echo is really sent and answered")
    func idleConnectionStaysUp() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        let client = OVSDBClient(remotes: [try Remote(ovn.northbound)], database: "OVN_Northbound",
                                 monitoring: ["Logical_Switch": nil], keepAlive: .milliseconds(200))
        let disconnects = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask { try await client.run(); return 0 }
            try await client.waitUntilReady()
            group.addTask {
                var count = 0
                for await event in client.events { if case .disconnected = event { count += 1 } }
                return count
            }
            // Ten keep-alive intervals of silence: long enough for an unanswered echo to close it.
            try await Task.sleep(for: .seconds(2))
            group.cancelAll()
            var total = 0
            for try await count in group { total += count }
            return total
        }
        #expect(disconnects == 0, "the idle connection was dropped \(disconnects) times")
    }
}
