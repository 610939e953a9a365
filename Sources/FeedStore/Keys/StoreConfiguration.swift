/// Bounds, TTLs and sharding of every key FeedStore writes. One value shared by writers, loader,
/// generator and page script, so the numbers in docs/REDIS-KEYS.md are defined in one place.
public struct StoreConfiguration: Sendable, Hashable {
    // MARK: Sharding (a cluster changes these numbers, not the data layout)

    /// Shards of the popular ZSET (`popular:{pop:<i>}`); a post goes to shard `post % shards`.
    public var popularShards: Int = 1
    /// Shards of the trending ZSET (`trending:{trend:<i>}`).
    public var trendingShards: Int = 1
    /// How the impressions stream is sharded (see ``ImpressionSharding``).
    public var impressionSharding: ImpressionSharding = .single
    /// Approximate `MAXLEN ~` of each impressions stream shard.
    public var impressionsMaxLength: Int = 2_000_000

    // MARK: Source data

    /// TTL of user profiles, follow sets, affinities, filters and login history, refreshed on each write.
    public var userDataTTL: Int = 90 * 86_400
    /// TTL of post hashes, refreshed on each write.
    public var postTTL: Int = 30 * 86_400
    /// TTL of author timelines and author stats, refreshed on each post.
    public var authorTTL: Int = 30 * 86_400
    /// TTL of engagement bucket hashes, refreshed on each write (one day past the longest window).
    public var engagementTTL: Int = 8 * 86_400
    /// Most posts kept per author timeline.
    public var timelineMaxPosts: Int = 500
    /// Oldest post age kept in an author timeline, seconds.
    public var timelineMaxAge: Double = 14 * 86_400
    /// Most follows per user (a product limit; further follows are refused).
    public var maxFollows: Int = 5_000
    /// Most authors kept in one user's affinity hash (the weakest are dropped beyond it).
    public var maxAffinityAuthors: Int = 1_000
    /// Most entries of the seen set (oldest dropped first).
    public var seenMaxItems: Int = 2_000
    /// TTL of the seen set and of its queue, refreshed on each page read (queue) and fold (set).
    public var seenTTL: Int = 14 * 86_400
    /// Longest the read path's seen queue grows (bytes, ≈ 20 per id) before the page script folds
    /// it into the seen set itself (``SeenQueue``); generations fold it anyway.
    public var seenQueueMaxBytes: Int = 16_384
    /// Most hidden authors, blocked authors and rejected (hidden or reported) posts per user.
    public var maxFilterEntries: Int = 1_000
    /// Most login times kept per user.
    public var maxLogins: Int = 100
    /// Oldest login kept, seconds before the newest one.
    public var loginMaxAge: Double = 28 * 86_400
    /// A session start closer than this (seconds) to the newest recorded one is the same session
    /// (a `POST /v1/sessions` and the first page read of one visit record one login).
    public var loginMergeGap: Double = 600
    /// Entries kept in each popular/trending shard.
    public var globalSetMaxEntries: Int = 10_000
    /// Half-life of the popular score, seconds.
    public var popularHalfLife: Double = 86_400
    /// Half-life of the trending score, seconds.
    public var trendingHalfLife: Double = 2 * 3_600

    // MARK: Feeds

    /// TTL of the meta pointer and the current snapshot: a user inactive this long loses the feed.
    public var feedTTL: Int = 8 * 86_400
    /// How long the previous generation's snapshot stays readable after a switch.
    public var gracePeriod: Int = 30 * 60
    /// TTL of a generation's feature log: the attribution window of the join.
    public var featureLogTTL: Int = 14 * 86_400

    // MARK: Models

    /// Model versions kept in the registry (older ones are deleted on publish).
    public var maxModelVersions: Int = 20

    /// The defaults for a single Redis node.
    public init() {}

    /// The defaults.
    public static let `default` = StoreConfiguration()

    /// The layout on Redis Cluster: impressions and actions in one stream shard per hash slot (the
    /// page script then touches the user's slot only) and the popular and trending sets split into
    /// `globalShards` shards, so no single node holds every hot key. Every process of one deployment
    /// must use the same value (`--redis-cluster` selects it).
    public static func cluster(globalShards: Int = 4) -> StoreConfiguration {
        var configuration = StoreConfiguration()
        configuration.impressionSharding = .perSlot
        configuration.popularShards = max(1, globalShards)
        configuration.trendingShards = max(1, globalShards)
        return configuration
    }
}
