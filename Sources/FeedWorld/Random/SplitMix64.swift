/// SplitMix64 (Steele, Lea & Flood, 2014): a tiny, fast 64-bit generator.
///
/// FeedWorld uses it to expand one seed into the state of ``Xoshiro256StarStar`` and to derive
/// independent streams (see ``SeedDerivation``). Deterministic for a given seed on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The current state; advancing it by the golden-ratio increment yields the next output.
    public private(set) var state: UInt64

    /// Creates a generator whose first output depends only on `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.finalize(state)
    }

    /// The SplitMix64 output function: a bijective 64-bit mixer with good avalanche.
    @inline(__always)
    public static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
