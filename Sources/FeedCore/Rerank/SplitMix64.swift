/// SplitMix64: a tiny, fast, seeded generator whose sequence is the same on every platform and
/// Swift version. Used wherever a feed must be reproducible (exploration slots); never use
/// `SystemRandomNumberGenerator` for those.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator for one (user, generation): the same pair always yields the same sequence.
    public init(user: UserID, generation: GenerationID, stream: UInt64 = 0) {
        var mixer = SplitMix64(seed: user.rawValue ^ 0x5046_4545_4445_4544)  // "PFEEDEED"
        let a = mixer.next()
        var second = SplitMix64(seed: generation.rawValue &+ a)
        state = second.next() ^ stream &* 0x9E37_79B9_7F4A_7C15
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1) from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection), stable across platforms.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }
}
