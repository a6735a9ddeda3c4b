import Testing

@testable import OVSDB

@Suite("coalescing plan")
struct BatchPlanTests {
    static func addPort(_ name: String, to sw: String) -> [OVSDBOperation] {
        [
            .insert("Logical_Switch_Port", ["name": .atom(.string(name))], uuidName: "p"),
            .mutate("Logical_Switch", where: [.equal("name", .string(sw))], mutations: [Mutation("ports", .insert, .set([.namedUUID("p")]))]),
        ]
    }

    @Test("mutations of the same switch's ports fold into one, placed after the inserts, with per-caller names")
    func folds() {
        let plan = BatchPlan([Self.addPort("a", to: "s1"), Self.addPort("b", to: "s1"), Self.addPort("c", to: "s2")])
        #expect(plan.wire.count == 5)  // 3 inserts + 2 folded mutations
        #expect(plan.owner == [0, 1, 2, nil, nil])
        #expect(plan.resultIndex == [[0, 3], [1, 3], [2, 4]])
        let folded = plan.wire[3].description
        #expect(folded.contains("b0_p") && folded.contains("b1_p") && !folded.contains("b2_p"))
    }

    @Test("a batch with any other kind of operation keeps every operation in order")
    func noFoldWithOtherOperations() {
        let plan = BatchPlan([Self.addPort("a", to: "s1"), [.delete("Logical_Switch", where: [.equal("name", "x")])]])
        #expect(plan.wire.count == 3)
        #expect(plan.owner == [0, 0, 1])
    }
}
