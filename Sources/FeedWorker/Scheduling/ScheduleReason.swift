/// Why the scheduler queues a feed; recorded in the job (`r`) and as a metric dimension.
public enum ScheduleReason: String, Sendable, Hashable, CaseIterable {
    /// The active user has no feed (never generated, or it expired).
    case missing
    /// The feed is older than the maximum age.
    case stale
    /// Followed authors posted enough since the feed was generated.
    case dirty
    /// The feed was ranked by another model version than the current one.
    case model

    /// The reason a feed in `state` is due at `now`, or `nil` when it is fresh. Checked in the order
    /// missing, model, dirty, stale.
    public static func due(
        _ state: FeedFreshness, now: Double, maxAge: Double, dirtyThreshold: Int, currentModel: String?
    ) -> ScheduleReason? {
        guard let generatedAt = state.generatedAt else { return .missing }
        if let currentModel, state.modelVersion != currentModel { return .model }
        if dirtyThreshold > 0, state.newPostsSince >= dirtyThreshold { return .dirty }
        if now - generatedAt > maxAge { return .stale }
        return nil
    }
}
