/// xoshiro256** (Blackman & Vigna, 2018): the generator behind every random draw of FeedWorld.
///
/// Never use `SystemRandomNumberGenerator` for the world: the same seed must give the same world.
/// Use ``init(seed:stream:)`` to get an independent generator per entity (user, post, day…), so that
/// each entity's draws do not depend on the order in which entities are generated.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose state is expanded from `seed` with SplitMix64.
    public init(seed: UInt64) {
        var expander = SplitMix64(seed: seed)
        s0 = expander.next()
        s1 = expander.next()
        s2 = expander.next()
        s3 = expander.next()
    }

    /// Creates the generator of one derived stream, e.g. `stream: [StreamTag.user, userIndex]`.
    public init(seed: UInt64, stream: UInt64...) {
        self.init(seed: SeedDerivation.derive(seed, stream))
    }

    /// Returns the next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Xoshiro256StarStar.rotateLeft(s1 &* 5, by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = Xoshiro256StarStar.rotateLeft(s3, by: 45)
        return result
    }

    @inline(__always)
    private static func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}
