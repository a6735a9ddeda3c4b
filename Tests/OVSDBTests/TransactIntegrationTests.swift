import Foundation
import OVSDB
import Testing
import TestSupport

@Suite("transact against a real ovsdb-server", .serialized)
struct TransactIntegrationTests {
    @Test("list_dbs and get_schema answer on unix and tcp")
    func schemaAndDatabases() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        for remote in [try Remote(ovn.northbound), try Remote(ovn.northboundTCP)] {
            let connection = try await OVSDBConnection.connect(to: remote, onNotification: { _, _ in })
            #expect(try await connection.listDatabases().contains("OVN_Northbound"))
            let schema = try await connection.schema(of: "OVN_Northbound")
            #expect(schema.tables["Logical_Switch_Port"]?.columns["addresses"] != nil)
            await connection.close()
        }
    }

    @Test("insert, select, update, mutate, wait, comment and delete match what ovn-nbctl sees")
    func crud() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        try await withClient([try Remote(ovn.northbound)]) { client in
            let results = try await client.transact([
                .comment("scnet test"),
                .insert("Logical_Switch", ["name": "sw0", "ports": .set([.namedUUID("p")])], uuidName: "sw"),
                .insert("Logical_Switch_Port", ["name": "p0", "addresses": .strings(["00:00:00:00:00:01 10.0.0.2"]),
                                                "external_ids": .stringMap(["scnet/owner": "scnet"])], uuidName: "p"),
            ])
            let portUUID = try #require(results[2].uuid)
            #expect(try nbctlFind(ovn, "Logical_Switch_Port", column: "_uuid", "name=p0") == [portUUID])
            #expect(try ovn.nbctl("lsp-get-addresses", "p0").contains("10.0.0.2"))
            #expect(try ovn.nbctl("lsp-list", "sw0").contains("p0"))

            let updated = try await client.transact([
                .update("Logical_Switch_Port", where: [.equal("name", "p0")], row: ["addresses": .strings(["router"])]),
                .mutate("Logical_Switch_Port", where: [.uuid(portUUID)],
                        mutations: [Mutation("external_ids", .insert, .stringMap(["scnet/kind": "pod"]))]),
            ])
            #expect(updated.map(\.count) == [1, 1])
            #expect(try ovn.nbctl("lsp-get-addresses", "p0").trimmingCharacters(in: .whitespacesAndNewlines) == "router")
            #expect(try ovn.nbctl("get", "Logical_Switch_Port", "p0", "external_ids:scnet/kind").contains("pod"))

            let selected = try await client.transact([
                .wait("Logical_Switch_Port", where: [.equal("name", "p0")], columns: ["name"], until: .equal, rows: [["name": "p0"]]),
                .select("Logical_Switch_Port", where: [.equal("name", "p0")], columns: ["_uuid", "external_ids"]),
            ])
            let row = try #require(selected[1].rows?.first)
            #expect(row["_uuid"] == .atom(.uuid(portUUID)))
            #expect(row["external_ids"]?.stringMap == ["scnet/owner": "scnet", "scnet/kind": "pod"])

            let deleted = try await client.transact([
                .mutate("Logical_Switch", where: [.equal("name", "sw0")], mutations: [Mutation("ports", .delete, .uuids([portUUID]))]),
                .delete("Logical_Switch_Port", where: [.uuid(portUUID)]),
                .delete("Logical_Switch", where: [.equal("name", "sw0")]),
            ])
            #expect(deleted.map(\.count) == [1, 1, 1])
            #expect(try nbctlFind(ovn, "Logical_Switch_Port", column: "name").isEmpty)
            #expect(try nbctlFind(ovn, "Logical_Switch", column: "name").isEmpty)
        }
    }

    @Test("server errors name the operation and table: constraint and referential integrity violations")
    func serverErrors() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        try await withClient([try Remote(ovn.northbound)]) { client in
            _ = try await client.transact([
                .insert("Logical_Switch", ["name": "sw0", "ports": .set([.namedUUID("p")])]),
                .insert("Logical_Switch_Port", ["name": "dup"], uuidName: "p"),
            ])
            do {
                _ = try await client.transact([
                    .insert("Logical_Switch_Port", ["name": "dup"], uuidName: "p"),
                    .mutate("Logical_Switch", where: [.equal("name", "sw0")], mutations: [Mutation("ports", .insert, .set([.namedUUID("p")]))]),
                ])
                Issue.record("a duplicate port name was accepted")
            } catch let error as OVSDBError {
                guard case .operationFailed(_, _, _, let text, _) = error else { Issue.record("unexpected \(error)"); return }
                #expect(text == "constraint violation")
                #expect(error.description.contains("constraint violation"))
            }
            do {
                _ = try await client.transact([
                    .mutate("Logical_Switch", where: [.equal("name", "sw0")],
                            mutations: [Mutation("ports", .insert, .uuids(["00000000-0000-0000-0000-000000000001"]))]),
                ])
                Issue.record("a dangling reference was accepted")
            } catch let error as OVSDBError {
                guard case .operationFailed(_, let op, _, let text, _) = error else { Issue.record("unexpected \(error)"); return }
                #expect(text == "referential integrity violation")
                #expect(op == "commit")
            }
            await #expect(throws: OVSDBError.self) {
                _ = try await client.transact([.insert("Logical_Switch", ["no_such_column": "x"])])
            }
        }
    }

    @Test("many concurrent transactions on one connection all complete (pipelining and coalescing)")
    func pipelining() async throws {
        let ovn = try OVNSandbox.start()
        defer { ovn.stop() }
        try await withClient([try Remote(ovn.northbound)]) { client in
            _ = try await client.transact([.insert("Logical_Switch", ["name": "sw0"])])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<600 {
                    group.addTask {
                        let ops: [OVSDBOperation] = [
                            .insert("Logical_Switch_Port", ["name": .atom(.string("p\(i)"))], uuidName: "p"),
                            .mutate("Logical_Switch", where: [.equal("name", "sw0")], mutations: [Mutation("ports", .insert, .set([.namedUUID("p")]))]),
                        ]
                        if i % 2 == 0 { _ = try await client.transact(ops) } else { _ = try await client.transactCoalesced(ops) }
                    }
                }
                // One coalesced caller fails alone; the others in its batch still commit.
                group.addTask {
                    await #expect(throws: OVSDBError.self) {
                        _ = try await client.transactCoalesced([
                            .mutate("Logical_Switch", where: [.equal("name", "sw0")],
                                    mutations: [Mutation("ports", .insert, .uuids(["00000000-0000-0000-0000-000000000002"]))]),
                        ])
                    }
                }
                try await group.waitForAll()
            }
            #expect(try nbctlFind(ovn, "Logical_Switch_Port", column: "name").count == 600)
            #expect(try ovn.nbctl("lsp-list", "sw0").split(separator: "\n").count == 600)
        }
    }
}
