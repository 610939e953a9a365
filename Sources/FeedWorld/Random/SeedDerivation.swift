/// Derives independent 64-bit seeds from a world seed and a path of tags.
///
/// `derive(seed, [tag, a, b])` hashes the path with the SplitMix64 mixer, so streams for different
/// paths are unrelated and generation can visit entities in any order (or in parallel) and still
/// produce the same world.
public enum SeedDerivation {
    /// Returns the seed of the stream named by `path` under `seed`.
    public static func derive(_ seed: UInt64, _ path: [UInt64]) -> UInt64 {
        var hash = root(seed)
        for component in path { hash = step(hash, component) }
        return hash
    }

    /// `derive(seed, [a, b])` without allocating.
    @inline(__always)
    static func derive(_ seed: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        step(step(root(seed), a), b)
    }

    /// `derive(seed, [a, b, c])` without allocating.
    @inline(__always)
    static func derive(_ seed: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        step(step(step(root(seed), a), b), c)
    }

    @inline(__always)
    private static func root(_ seed: UInt64) -> UInt64 {
        SplitMix64.finalize(seed ^ 0x6A09_E667_F3BC_C908)
    }

    @inline(__always)
    private static func step(_ hash: UInt64, _ component: UInt64) -> UInt64 {
        SplitMix64.finalize(hash &+ 0x9E37_79B9_7F4A_7C15 &+ SplitMix64.finalize(component))
    }
}

/// Names of the random streams the generator derives from the world seed.
enum StreamTag {
    static let user: UInt64 = 1
    static let fame: UInt64 = 2
    static let follows: UInt64 = 3
    static let post: UInt64 = 4
    static let postTopics: UInt64 = 5
    static let activityDay: UInt64 = 6
    static let release: UInt64 = 7
}
