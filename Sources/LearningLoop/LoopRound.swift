import FeedCore
import FeedLearning

/// Everything measured in one round of the loop.
public struct LoopRound: Sendable {
    /// 0 = baseline.
    public var round: Int
    /// The model the treatment arm was ranked with.
    public var modelVersion: String
    /// What treatment and control users saw and did.
    public var treatment: RoundTally
    public var control: RoundTally
    /// Feeds generated for the round.
    public var feedsGenerated: Int
    /// The join of the round's streams.
    public var join: JoinCounters
    /// Rows added by this round, and rows trained on after it.
    public var rows: Int
    public var trainingRows: Int
    /// The ranking model evaluated on this round's rows (treatment arm); for round 0 the baseline.
    public var heldOut: HeldOutEvaluation?
    /// The model trained after this round and published for the next one (`nil` after the last).
    public var published: String?
    /// The round's environment: simulated time, released posts, followed inventory, feature levels.
    public var diagnostics: RoundDiagnostics
    /// Wall-clock seconds of the round's phases.
    public var seconds: [String: Double]

    /// Held-out AUC of the click head.
    public var clickAUC: Double { heldOut?.head(.click)?.auc ?? .nan }
}

/// The loop's outcome: every round plus the headline figures.
public struct LoopSummary: Sendable {
    public var rounds: [LoopRound]
    /// Round 0's value per impression (everyone ranked by the baseline).
    public var baselineValuePerImpression: Double { rounds.first?.treatment.valuePerImpression ?? .nan }
    /// The last round's treatment value per impression.
    public var finalValuePerImpression: Double { rounds.last?.treatment.valuePerImpression ?? .nan }
    /// The last round's control arm (ranked by the baseline in the same round, same world state).
    public var finalControlValuePerImpression: Double { rounds.last?.control.valuePerImpression ?? .nan }
    /// (final − same-round control) / |control|.
    public var liftVersusControl: Double { Self.lift(finalValuePerImpression, over: finalControlValuePerImpression) }
    /// The last round's held-out click AUC.
    public var auc: Double { rounds.last?.clickAUC ?? .nan }
    /// (final − baseline) / |baseline|.
    public var lift: Double { Self.lift(finalValuePerImpression, over: baselineValuePerImpression) }

    /// Relative change of `value` over `base`, by the magnitude of the base.
    public static func lift(_ value: Double, over base: Double) -> Double {
        base != 0 && base.isFinite ? (value - base) / abs(base) : .nan
    }
}
