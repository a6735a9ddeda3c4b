import IPAM

/// A seeded generator (IPAM's SplitMix64) so every property test run is reproducible.
struct TestRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// A value in `0..<bound`.
    mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: UInt64) -> Bool { below(100) < percent }
}
