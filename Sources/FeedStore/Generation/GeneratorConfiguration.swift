import FeedCore

/// How ``FeedGenerator`` selects candidates and caches shared source data.
///
/// Followed posts are bounded by **count**, not by a fixed age: each followed timeline is read
/// newest first (at most ``postsPerAuthor`` posts, no older than the timeline's own bound
/// `StoreConfiguration.timelineMaxAge`), and ``CandidateSelector`` takes the newest unseen ones
/// across authors until ``maxFollowedCandidates`` is filled, so posts newer than the last
/// generation come first and older unseen ones follow as far back as needed. The rest of
/// ``maxCandidates`` is trending and popular, then the popularity prior (``PopularityPrior``):
/// recent posts of the most-followed authors, which exist before anyone has acted, those the
/// user's followees follow first (``SecondDegreeRead``).
public struct GeneratorConfiguration: Sendable {
    /// Most candidates ranked per feed.
    public var maxCandidates: Int = 500
    /// Most candidates from followed authors (the rest of the budget goes to trending and popular;
    /// unused followed budget goes to them too).
    public var maxFollowedCandidates: Int = 350
    /// Followed authors read per generation (the most recently followed first).
    public var maxFollowsRead: Int = 500
    /// Newest posts read per followed author (within the timeline's age bound).
    public var postsPerAuthor: Int = 20
    /// Newest seen items read to filter candidates.
    public var seenRead: Int = 1_000
    /// Entries read from each popular / trending shard.
    public var globalListSize: Int = 1_000
    /// Most-followed authors whose recent posts make the popularity prior (``PopularityPrior``).
    public var priorAuthors: Int = 200
    /// Newest posts read per prior author.
    public var priorPostsPerAuthor: Int = 5
    /// Half-life of a prior post's score, seconds: a post one half-life older needs twice the
    /// followers to rank equal.
    public var priorHalfLife: Double = 86_400
    /// Followees whose own follows make a user's second degree (``SecondDegreeRead``), read only
    /// when popular and trending cannot fill a feed; 0 turns the second degree off.
    public var secondDegreeFollowees: Int = 5
    /// Follows read per such followee (the most recent first).
    public var secondDegreeFollowsRead: Int = 50
    /// Wall-clock seconds the popular/trending lists and the prior are reused across feeds.
    public var globalRefreshSeconds: Double = 5
    /// Wall-clock seconds post engagement and author stats are reused across feeds.
    public var statsRefreshSeconds: Double = 60
    /// Followed authors' timelines kept in the process cache (``TimelineCache``) before it is
    /// cleared; 0 turns the cache off (every generation reads every followed timeline).
    public var timelineCacheCapacity: Int = 200_000
    /// Wall-clock seconds a cached timeline is trusted at all: writers bump the timeline's version
    /// so entries are never stale in between; this bounds writers that do not (older binaries,
    /// hand edits).
    public var timelineCacheSeconds: Double = 300
    /// Posts kept in the process cache before it is cleared.
    public var postCacheCapacity: Int = 400_000
    /// A written feed with fewer items than this counts as thin (``SelectionSummary``).
    public var thinFeedItems: Int = 50
    /// Share of a batch's feeds that are thin at which the generator logs a notice (at most once a
    /// minute); the share is exported on every batch either way.
    public var thinFeedShareAlert: Double = 0.2
    /// Reranking: penalties, spacing, exploration, feed length.
    public var rerank: RerankConfig = RerankConfig()

    /// The defaults.
    public init() {}
}
