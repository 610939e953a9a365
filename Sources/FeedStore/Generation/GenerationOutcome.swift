import FeedCore

/// The result of generating one user's feed.
public struct GenerationOutcome: Sendable {
    /// Whether the new generation became current.
    public enum Status: Sendable, Hashable {
        /// Snapshot, page records and meta pointer were switched atomically (the feature log appended before).
        case written
        /// Another writer had already written a newer generation; nothing was written.
        case superseded(current: GenerationID)
    }

    /// The user.
    public var user: UserID
    /// The new generation's id.
    public var generation: GenerationID
    /// The generation that was current before, if any.
    public var previous: GenerationID?
    /// Whether the switch happened.
    public var status: Status
    /// The model version recorded with the generation.
    public var modelVersion: String
    /// The feed, in position order.
    public var items: [RankedItem]
    /// Candidates ranked, by source.
    public var candidatesBySource: [CandidateSource: Int]
    /// The user follows nobody: the feed is popular and trending only.
    public var isColdStart: Bool
    /// How far back followed selection reached (unix seconds): the creation time of the oldest
    /// followed candidate, or the timelines' read bound (`now − timelineMaxAge`) when there was none.
    public var followedSince: Double
}
