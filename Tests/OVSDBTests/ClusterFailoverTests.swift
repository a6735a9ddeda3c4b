import Foundation
import OVSDB
import Synchronization
import Testing
import TestSupport

/// A list shared by concurrent writer tasks.
final class SharedList: Sendable {
    private let items = Mutex<[String]>([])
    func append(_ item: String) { items.withLock { $0.append(item) } }
    var all: [String] { items.withLock { $0 } }
}

@Suite("clustered Northbound failover", .serialized)
struct ClusterFailoverTests {
    @Test("the client connects to the leader only")
    func connectsToLeader() async throws {
        let cluster = try OVNCluster.start()
        defer { cluster.stop() }
        let leader = try #require(cluster.leader())
        // List the leader last so a client that ignored _Server would pick a follower.
        let ordered = cluster.members.enumerated().sorted { a, _ in a.offset + 1 != leader }.map(\.element)
        let leaderRemote = try Remote(cluster.members[leader - 1])
        try await withClient(try ordered.map { try Remote($0) }) { client in
            #expect(await client.connectedRemote == leaderRemote)
        }
    }

    @Test("with the leader killed mid-write, every acknowledged write is present exactly once")
    func leaderKilledMidWrite() async throws {
        let cluster = try OVNCluster.start()
        defer { cluster.stop() }
        let acknowledged = SharedList()
        let failed = SharedList()
        let killedLeader = try await withClient(try Remote.parseList(cluster.remotes), monitoring: ["Logical_Switch": nil]) { client in
            _ = try await client.transact([.insert("Logical_Switch", ["name": "sw0"])])
            let oldLeader = try #require(cluster.leader())
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Writers: switches (no unique index: protected by a wait guard) and ports
                // (protected by the unique name index), four at a time, until the deadline.
                for writer in 0..<4 {
                    group.addTask {
                        for i in 0..<60 {
                            let name = "w\(writer)-\(i)"
                            let ops: [OVSDBOperation] = i % 2 == 0
                                ? [
                                    .wait("Logical_Switch", where: [.equal("name", .string(name))], columns: ["name"], until: .equal, rows: []),
                                    .insert("Logical_Switch", ["name": .atom(.string(name))]),
                                ]
                                : [
                                    .insert("Logical_Switch_Port", ["name": .atom(.string(name))], uuidName: "p"),
                                    .mutate("Logical_Switch", where: [.equal("name", "sw0")], mutations: [Mutation("ports", .insert, .set([.namedUUID("p")]))]),
                                ]
                            do {
                                _ = try await client.transact(ops)
                                acknowledged.append(name)
                            } catch OVSDBError.alreadyCommitted {
                                acknowledged.append(name)
                            } catch {
                                failed.append("\(name): \(error)")
                            }
                        }
                    }
                }
                group.addTask {
                    // Kill the leader once writes are flowing.
                    _ = await eventually { acknowledged.all.count >= 40 }
                    try cluster.kill(member: oldLeader)
                }
                try await group.waitForAll()
            }
            return oldLeader
        }
        // The survivors report their election in their own time: poll their cluster/status.
        var newLeader: Int?
        _ = await eventually(timeout: .seconds(20), interval: .milliseconds(100)) {
            newLeader = cluster.leader()
            return newLeader != nil && newLeader != killedLeader
        }
        #expect(newLeader != nil && newLeader != killedLeader, "leader before: \(killedLeader), now: \(String(describing: newLeader))")
        let acked = acknowledged.all
        #expect(acked.count == 240, "failed writes: \(failed.all)")
        let switches = try cluster.nbctl("--bare", "--columns=name", "list", "Logical_Switch").split(separator: "\n").map(String.init)
        let ports = try cluster.nbctl("--bare", "--columns=name", "list", "Logical_Switch_Port").split(separator: "\n").map(String.init)
        let present = (switches + ports).filter { !$0.isEmpty && $0 != "sw0" }
        var counts: [String: Int] = [:]
        for name in present { counts[name, default: 0] += 1 }
        for name in acked { #expect(counts[name] == 1, "\(name) present \(counts[name] ?? 0) times") }
        #expect(present.count == acked.count)
    }
}
