import Foundation

/// Time-decayed scores kept in log space, for the popular and trending ZSETs.
///
/// The stored score is `S = log₂ Σᵢ wᵢ · 2^((tᵢ − epoch) / halfLife)`: adding an event never rewrites
/// other members, and the order of members equals the order of their decayed values at any time
/// (all decay by the same factor). The decayed value at `now` is `2^(S − (now − epoch) / halfLife)`.
/// Log space never overflows (a plain `2^(t/h)` would after ~1000 half-lives).
public enum DecayedScore {
    /// The fixed epoch of the log-space scores (2024-01-01 UTC).
    public static let epoch: Double = 1_704_067_200

    /// The log-space score of one event of `weight` at `time`.
    public static func logTerm(weight: Double, at time: Double, halfLife: Double) -> Double {
        log2(weight) + (time - epoch) / halfLife
    }

    /// `log₂(2^a + 2^b)`, computed stably.
    public static func logAdd(_ a: Double, _ b: Double) -> Double {
        let high = max(a, b)
        let low = min(a, b)
        return high + log2(1 + exp2(low - high))
    }

    /// The decayed value of a stored score at `now`.
    public static func value(ofScore score: Double, at now: Double, halfLife: Double) -> Double {
        exp2(score - (now - epoch) / halfLife)
    }

    /// How much each action adds to popularity (negative feedback adds nothing).
    public static func weight(of action: String) -> Double {
        switch action {
        case "click": 1
        case "like": 2
        case "comment": 4
        case "share": 6
        default: 0
        }
    }
}
