import Testing

@testable import IPAM

@Suite("OffsetBitmap")
struct OffsetBitmapTests {
    @Test("random inserts and removes agree with a Set, and firstAbsent finds the first gap", arguments: [UInt64(1), 2, 3])
    func matchesSet(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        let span: UInt64 = 20_000  // three levels
        var bitmap = OffsetBitmap(maxOffset: span - 1)
        var model = Set<UInt64>()
        for step in 0..<30_000 {
            // Mostly inserts, so long full runs appear and the summary levels are exercised.
            let offset = rng.below(span)
            if rng.chance(80) {
                #expect(bitmap.insert(offset) == model.insert(offset).inserted)
            } else {
                #expect(bitmap.remove(offset) == (model.remove(offset) != nil))
            }
            if step % 50 == 0 {
                let from = rng.below(span)
                var expected: UInt64? = from
                while let e = expected, model.contains(e) { expected = e + 1 < span ? e + 1 : nil }
                let found = bitmap.firstAbsent(from: from)
                // Past the span, the bitmap may report a gap in the last word; both mean "none inside".
                #expect((found.map { $0 < span ? $0 : nil } ?? nil) == expected, "from \(from)")
            }
        }
        #expect(bitmap.count == UInt64(model.count))
        var listed = Set<UInt64>()
        bitmap.forEach { listed.insert($0) }
        #expect(listed == model)
    }

    @Test("a full run is skipped and the top of a 64-bit span is handled without overflow")
    func fullRunsAndTop() {
        var bitmap = OffsetBitmap(maxOffset: .max)
        for o in UInt64(0)..<300_000 { bitmap.insert(o) }
        #expect(bitmap.firstAbsent(from: 0) == 300_000)
        for o in (UInt64.max - 200)...UInt64.max { bitmap.insert(o) }
        #expect(bitmap.firstAbsent(from: .max - 200) == nil)
        #expect(bitmap.firstAbsent(from: .max - 300) == UInt64.max - 300)
        bitmap.remove(.max)
        #expect(bitmap.firstAbsent(from: .max - 200) == UInt64.max)
    }

    @Test("memory follows the members: emptied words are dropped")
    func sparseStorage() {
        var bitmap = OffsetBitmap(maxOffset: .max)
        var rng = TestRandom(seed: 9)
        var members: [UInt64] = []
        for _ in 0..<1000 {
            let o = rng.next()
            if bitmap.insert(o) { members.append(o) }
        }
        #expect(bitmap.storedWordCount <= 1000)
        for o in members { bitmap.remove(o) }
        #expect(bitmap.storedWordCount == 0)
        #expect(bitmap.count == 0)
    }
}
