/// The predictive warm-up rule for one user at one time, as `prefeed warmup run` applies it (the
/// replay of ``WarmupPolicy/predictive(threshold:hourlyBudget:)`` applies the same rule to its
/// simulated feeds).
///
/// A user is **due** when the probability of a session within the horizon is at least the
/// threshold and their feed will be missing or older than the maximum age at the expected arrival:
/// a feed still fresh then already serves that arrival and is never regenerated for it.
public enum WarmupDecision: Sendable, Hashable {
    /// Below the threshold.
    case unlikely
    /// Likely, but the current feed is still fresh at the expected arrival.
    case fresh
    /// Likely, and the feed is missing or stale at `expectedArrival`: warm it up.
    case due(expectedArrival: Double)

    /// The decision for `prediction`, given when the current feed was generated (`nil`: no feed).
    /// - Parameters:
    ///   - threshold: the lowest probability acted on.
    ///   - maxFeedAge: the oldest feed that still counts as fresh, seconds.
    public init(prediction: LoginPrediction, generatedAt: Double?, threshold: Double, maxFeedAge: Double) {
        guard prediction.probability >= threshold else {
            self = .unlikely
            return
        }
        if let generatedAt, generatedAt + maxFeedAge >= prediction.expectedArrival {
            self = .fresh
        } else {
            self = .due(expectedArrival: prediction.expectedArrival)
        }
    }
}
