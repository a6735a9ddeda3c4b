/// A set of 64-bit offsets stored as a sparse, hierarchical bitmap.
///
/// Level 0 holds one 64-bit word per 64 offsets, and only words with at least one bit set are
/// stored, so memory follows the number of members, not the span (a /8 or an IPv6 /64 with a
/// few members costs a few words). Each higher level has one bit per word of the level below,
/// set when that word is *full*; ``firstAbsent(from:)`` uses these summaries to skip runs of
/// full words 64, 4096, 262 144… offsets at a time, so finding a free address stays fast in a
/// nearly full subnet.
struct OffsetBitmap: Sendable {
    /// `levels[0]`: bit `i` of word `w` is offset `w * 64 + i`.
    /// `levels[k > 0]`: bit `i` of word `w` is set when word `w * 64 + i` of level `k - 1` is all ones.
    /// Absent words are zero.
    private var levels: [[UInt64: UInt64]]
    /// Number of offsets in the set.
    private(set) var count: UInt64 = 0
    /// The largest offset the bitmap can hold.
    let maxOffset: UInt64

    /// A bitmap able to hold offsets `0...maxOffset`.
    init(maxOffset: UInt64) {
        self.maxOffset = maxOffset
        var levelCount = 1
        var words = maxOffset >> 6
        while words > 0 {
            levelCount += 1
            words >>= 6
        }
        levels = Array(repeating: [:], count: levelCount)
    }

    func contains(_ offset: UInt64) -> Bool {
        guard let word = levels[0][offset >> 6] else { return false }
        return word & (1 << (offset & 63)) != 0
    }

    /// Adds `offset`; `false` when it was already present.
    @discardableResult
    mutating func insert(_ offset: UInt64) -> Bool {
        var index = offset >> 6
        var bit: UInt64 = 1 << (offset & 63)
        let (inserted, nowFull) = Self.set(bit, in: &levels[0][index, default: 0])
        guard inserted else { return false }
        count += 1
        var full = nowFull
        var level = 0
        while full && level + 1 < levels.count {
            level += 1
            bit = 1 << (index & 63)
            index >>= 6
            full = Self.set(bit, in: &levels[level][index, default: 0]).nowFull
        }
        return true
    }

    /// Removes `offset`; `false` when it was not present.
    @discardableResult
    mutating func remove(_ offset: UInt64) -> Bool {
        var index = offset >> 6
        var bit: UInt64 = 1 << (offset & 63)
        guard let old = levels[0][index], old & bit != 0 else { return false }
        count -= 1
        var wasFull = Self.clear(bit, at: index, in: &levels[0], old: old)
        var level = 0
        while wasFull && level + 1 < levels.count {
            level += 1
            bit = 1 << (index & 63)
            index >>= 6
            wasFull = Self.clear(bit, at: index, in: &levels[level], old: levels[level][index] ?? 0)
        }
        return true
    }

    /// The smallest offset `>= start` that is *not* in the set, or `nil` when every offset from
    /// `start` to the end of the last word is present. The result may lie beyond `maxOffset`
    /// (in the last word); callers bound it. `start` must be `<= maxOffset`.
    func firstAbsent(from start: UInt64) -> UInt64? {
        var level = 0
        var position = start  // a bit index at `level`
        // Climb while the rest of the current word is full.
        while true {
            let word = levels[level][position >> 6] ?? 0
            let free = ~word & (~UInt64(0) << (position & 63))
            if free != 0 {
                position = (position & ~63) | UInt64(free.trailingZeroBitCount)
                break
            }
            let wordIndex = position >> 6
            // The next word must exist at this level; otherwise every offset from `start` on is taken.
            guard wordIndex < maxOffset >> (6 * (level + 1)) else { return nil }
            level += 1
            position = wordIndex + 1  // the next word of the lower level, as a bit here
        }
        // Descend: `position` names a non-full word of the level below.
        while level > 0 {
            level -= 1
            let word = levels[level][position] ?? 0
            position = position << 6 | UInt64((~word).trailingZeroBitCount)
        }
        return position
    }

    /// Calls `body` with every offset in the set, in no particular order.
    func forEach(_ body: (UInt64) throws -> Void) rethrows {
        for (index, word) in levels[0] {
            var bits = word
            while bits != 0 {
                try body(index << 6 | UInt64(bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
    }

    /// Empties the set, keeping its span.
    mutating func removeAll() {
        for level in levels.indices { levels[level] = [:] }
        count = 0
    }

    /// Number of stored words over all levels (for memory tests).
    var storedWordCount: Int { levels.reduce(0) { $0 + $1.count } }

    private static func set(_ bit: UInt64, in word: inout UInt64) -> (inserted: Bool, nowFull: Bool) {
        if word & bit != 0 { return (false, false) }
        word |= bit
        return (true, word == ~0)
    }

    /// Clears `bit` of word `index` (whose value is `old`), dropping words that become zero.
    /// Returns whether the word was full before.
    private static func clear(_ bit: UInt64, at index: UInt64, in level: inout [UInt64: UInt64], old: UInt64) -> Bool {
        let new = old & ~bit
        if new == 0 {
            level.removeValue(forKey: index)
        } else {
            level[index] = new
        }
        return old == ~0
    }
}
