import OVSDB
import Testing

@testable import OVN

@Suite("typed OVN rows")
struct TypedRowTests {
    @Test("unknown columns are ignored and missing optional columns read as empty")
    func tolerant() throws {
        let row: Row = ["name": "p1", "column_from_the_future": "x", "addresses": .strings(["router"])]
        let port = try LogicalSwitchPort(uuid: "u", row: row)
        #expect(port.name == "p1")
        #expect(port.addresses == ["router"])
        #expect(port.tag == nil)
        #expect(port.options.isEmpty)
        #expect(port.type == "")
    }

    @Test("a row without its required name is refused, naming table and column")
    func requiredColumn() {
        #expect(throws: OVNError.missingColumn(table: "Logical_Switch", uuid: "u", column: "name")) {
            try LogicalSwitch(uuid: "u", row: ["ports": .emptySet])
        }
    }

    @Test("every create carries the ownership markers and is guarded or protected by a unique name index")
    func ownershipAndGuards() {
        let builders: [[OVSDBOperation]] = [
            NorthboundOperations.createSwitch("s"), NorthboundOperations.addSwitchPort("s", name: "p"),
            NorthboundOperations.createRouter("r"), NorthboundOperations.addRouterPort("r", name: "rp", mac: "m", networks: []),
            NorthboundOperations.addNAT("r", type: "snat", externalIP: "1.1.1.1", logicalIP: "10.0.0.0/24", name: "n"),
            NorthboundOperations.setGatewayChassis("rp", chassisName: "c", priority: 1),
        ]
        for ops in builders {
            let indexed: Set<String> = ["Logical_Switch_Port", "Logical_Router_Port", "Gateway_Chassis"]
            var guarded = false
            if case .wait = ops.first { guarded = true }
            for case .insert(let table, let row, _) in ops {
                #expect(guarded || (indexed.contains(table) && row["name"] != nil), "unprotected insert into \(table)")
                #expect(Ownership.isOwned(row["external_ids"]?.stringMap ?? [:]))
                #expect(row["external_ids"]?.stringMap[Ownership.kindKey] != nil)
            }
        }
    }
}
