import FeedCore

/// Deterministic negative downsampling: a row with no positive label is kept iff a hash of
/// (request id, post) falls below the rate `w`. No random generator, so a rerun, a restart from a
/// checkpoint and the trainer's per-head resampling all make the same decision for the same row.
public struct NegativeSampler: Hashable, Sendable, Codable {
    /// Fraction of negatives kept, in (0, 1].
    public let rate: Double

    /// A sampler keeping `rate` of the negatives; `rate` must be in (0, 1].
    public init(rate: Double) {
        precondition(rate > 0 && rate <= 1, "negative sampling rate must be in (0, 1]")
        self.rate = rate
    }

    /// The weight a kept negative carries: `1 / rate`.
    public var weight: Double { 1 / rate }

    /// Whether the negative row of (`request`, `post`) is kept.
    public func keeps(request: RequestID, post: PostID) -> Bool {
        rate >= 1 || Self.unit(request: request, post: post) < rate
    }

    /// A uniform-looking value in [0, 1) fixed by (`request`, `post`) (SplitMix64 finalizer).
    public static func unit(request: RequestID, post: PostID) -> Double {
        let mixed = mix(request.rawValue ^ mix(post.rawValue ^ 0x6E65_6761_7469_7665))  // "negative"
        return Double(mixed >> 11) * 0x1.0p-53
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
