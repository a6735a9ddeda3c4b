/// A set of offsets kept as sorted, disjoint, non-adjacent closed intervals — the shape of
/// `excludeIps`, where one entry can cover billions of IPv6 addresses.
struct OffsetRanges: Sendable, Equatable {
    private(set) var intervals: [ClosedRange<UInt64>] = []

    /// Merges `ranges` (in any order, possibly overlapping) into a normalised set.
    init(_ ranges: some Sequence<ClosedRange<UInt64>>) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt64>] = []
        merged.reserveCapacity(sorted.count)
        for r in sorted {
            if let last = merged.last, last.upperBound == .max || r.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        intervals = merged
    }

    init() {}

    var isEmpty: Bool { intervals.isEmpty }

    /// Number of offsets covered. Callers keep intervals inside a span of at most `2^64 - 1` offsets.
    var count: UInt64 {
        intervals.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) }
    }

    /// The interval containing `offset`, if any (binary search).
    func interval(containing offset: UInt64) -> ClosedRange<UInt64>? {
        var low = 0
        var high = intervals.count
        while low < high {
            let mid = (low + high) / 2
            if intervals[mid].upperBound < offset {
                low = mid + 1
            } else {
                high = mid
            }
        }
        guard low < intervals.count, intervals[low].lowerBound <= offset else { return nil }
        return intervals[low]
    }

    func contains(_ offset: UInt64) -> Bool { interval(containing: offset) != nil }

    /// This set with `other`'s offsets added.
    func union(_ other: OffsetRanges) -> OffsetRanges { OffsetRanges(intervals + other.intervals) }
}
