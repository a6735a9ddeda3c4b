/// An endless, seeded sequence of requests the embedded API must refuse, mixing every family of
/// defect: admission, shape, syntax, selectors, query parameters, paths and methods,
/// credentials, patches. The same seed gives the same sequence.
public struct HostileRequests: Sequence, IteratorProtocol, Sendable {
    private var generator: SeededGenerator
    private var produced = 0
    /// One body over the size limit per this many requests (each costs 17 MiB on the wire).
    public var oversizedEvery: Int

    public init(seed: UInt64, oversizedEvery: Int = 2_000) {
        generator = SeededGenerator(seed: seed)
        self.oversizedEvery = oversizedEvery
    }

    public mutating func next() -> HostileRequest? {
        produced += 1
        if oversizedEvery > 0, produced % oversizedEvery == 0 { return SyntaxDefects.random(&generator, oversized: true) }
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<30: return AdmissionDefects.random(&generator)
        case 30..<45: return ShapeDefects.random(&generator)
        case 45..<60: return SyntaxDefects.random(&generator, oversized: false)
        case 60..<70: return RequestDefects.selector(&generator)
        case 70..<77: return RequestDefects.query(&generator)
        case 77..<85: return RequestDefects.path(&generator)
        case 85..<90: return RequestDefects.credentials(&generator)
        default: return RequestDefects.patch(&generator)
        }
    }
}
