/// A batch's outcomes plus where its time went.
public struct GenerationBatchReport: Sendable {
    /// One result per user, in order.
    public var outcomes: [Result<GenerationOutcome, any Error>]
    /// Pipelines sent (each one Redis round trip, or less when shared with concurrent callers).
    public var roundTrips: Int
    /// Seconds spent waiting on Redis.
    public var redisSeconds: Double
    /// Seconds spent computing (selection, features, scores, rerank, encoding).
    public var computeSeconds: Double
    /// Distinct followed authors whose timeline came from the process cache, was read because it
    /// was absent, and was read again because its version had changed (``TimelineCache``).
    public var timelineCache: (hits: Int, misses: Int, stale: Int) = (0, 0, 0)
    /// Candidates by source and thin feeds of the batch.
    public var selection = SelectionSummary()
}
