import FeedCore

/// The result of generating one user's feed.
public struct GenerationOutcome: Sendable {
    /// Whether the new generation became current.
    public enum Status: Sendable, Hashable {
        /// Snapshot, feature log and meta pointer were switched atomically.
        case written
        /// Another writer had already written a newer generation; nothing was written.
        case superseded(current: GenerationID)
    }

    public var user: UserID
    public var generation: GenerationID
    /// The generation that was current before, if any.
    public var previous: GenerationID?
    public var status: Status
    public var modelVersion: String
    /// The feed, in position order.
    public var items: [RankedItem]
    /// Candidates ranked, by source.
    public var candidatesBySource: [CandidateSource: Int]
    /// The user follows nobody: the feed is popular and trending only.
    public var isColdStart: Bool
    /// The window start used for followed authors' posts (unix seconds).
    public var followedSince: Double
}

/// A batch's outcomes plus where its time went.
public struct GenerationBatchReport: Sendable {
    public var outcomes: [Result<GenerationOutcome, any Error>]
    /// Pipelines sent (each one Redis round trip, or less when shared with concurrent callers).
    public var roundTrips: Int
    /// Seconds spent waiting on Redis.
    public var redisSeconds: Double
    /// Seconds spent computing (selection, features, scores, rerank, encoding).
    public var computeSeconds: Double
}
