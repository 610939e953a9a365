import Foundation

/// How a post's score is lowered for each earlier post of the same author already placed in the feed.
///
/// `k` is the number of posts of that author placed above it. Penalties only ever lower a score as
/// `k` grows, which lets the reranker select greedily with a heap.
public enum AuthorPenalty: Hashable, Sendable {
    /// No penalty.
    case none
    /// `score − perRepeat · k` (seed 003: −0.1 per repeat). In score units.
    case additive(perRepeat: Float)
    /// `score · ((1 − floor) · decay^k + floor)`, e.g. `0.75 · 0.5^k + 0.25`; scale-free.
    /// A negative score is divided by the factor instead, so it also moves down.
    case multiplicative(decay: Float, floor: Float)

    /// The seed's additive penalty, −0.1 per repeat.
    public static let seedAdditive = AuthorPenalty.additive(perRepeat: 0.1)
    /// `0.75 · 0.5^k + 0.25`.
    public static let halving = AuthorPenalty.multiplicative(decay: 0.5, floor: 0.25)

    /// The penalized score of `score` after `repeats` earlier posts of the same author.
    @inline(__always)
    public func apply(_ score: Float, repeats: Int) -> Float {
        guard repeats > 0 else { return score }
        switch self {
        case .none:
            return score
        case .additive(let perRepeat):
            return score - perRepeat * Float(repeats)
        case .multiplicative:
            return AuthorPenalty.scale(score, by: multiplicativeFactor(repeats: repeats))
        }
    }

    /// `(1 − floor) · decay^repeats + floor` for `.multiplicative`, 1 otherwise.
    func multiplicativeFactor(repeats: Int) -> Float {
        guard case .multiplicative(let decay, let floor) = self, repeats > 0 else { return 1 }
        return (1 - floor) * pow(decay, Float(repeats)) + floor
    }

    /// Lowers `score` by a factor in [0, 1]: multiplies a positive score, divides a negative one.
    @inline(__always)
    static func scale(_ score: Float, by factor: Float) -> Float {
        guard factor > 0 else { return -Float.greatestFiniteMagnitude }
        return score >= 0 ? score * factor : score / factor
    }
}
