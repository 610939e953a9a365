import FeedCore
import FeedWorld

/// Which ranking a simulated user gets: the published model (treatment) or always the baseline
/// (control). Assigned by a hash of the user id, so the arm never changes between rounds.
public enum LoopArm: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ranked by the current published model (the baseline in round 0).
    case treatment
    /// Ranked by the built-in baseline in every round.
    case control

    /// The arm of `user` for a control share `share` in [0, 1).
    public static func of(_ user: UserID, controlShare share: Double, seed: UInt64) -> LoopArm {
        guard share > 0 else { return .treatment }
        let unit = Double(SplitMix64.finalize(user.rawValue ^ (seed &* 0x9E37_79B9_7F4A_7C15)) >> 11) / Double(1 << 53)
        return unit < share ? .control : .treatment
    }
}
