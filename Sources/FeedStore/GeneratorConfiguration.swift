import FeedCore

/// How ``FeedGenerator`` selects candidates and caches shared source data.
public struct GeneratorConfiguration: Sendable {
    /// Most candidates ranked per feed.
    public var maxCandidates: Int = 500
    /// Most candidates from followed authors (the rest of the budget goes to trending and popular;
    /// unused followed budget goes to them too).
    public var maxFollowedCandidates: Int = 350
    /// Followed authors read per generation (the most recently followed first).
    public var maxFollowsRead: Int = 500
    /// Newest posts read per followed author.
    public var postsPerAuthor: Int = 20
    /// The recent window: followed posts are never older than this. A user returning after weeks,
    /// or generated for the first time, gets this window rather than everything since.
    public var recentWindow: Double = 3 * 86_400
    /// Followed posts created up to this long before the last generation are reconsidered, so
    /// unseen items of the previous feed carry over (seen ones are filtered).
    public var carryOver: Double = 86_400
    /// Newest seen items read to filter candidates.
    public var seenRead: Int = 1_000
    /// Entries read from each popular / trending shard.
    public var globalListSize: Int = 1_000
    /// Wall-clock seconds the popular/trending lists are reused across feeds.
    public var globalRefreshSeconds: Double = 5
    /// Wall-clock seconds post engagement and author stats are reused across feeds.
    public var statsRefreshSeconds: Double = 60
    /// Posts kept in the process cache before it is cleared.
    public var postCacheCapacity: Int = 400_000
    /// Reranking: penalties, spacing, exploration, feed length.
    public var rerank: RerankConfig = RerankConfig()

    /// The defaults.
    public init() {}
}
