import FeedCore
import PrefeedRedis

/// The one place Redis key names are built. docs/REDIS-KEYS.md documents each key's shape, bound
/// and TTL.
///
/// - All keys of one user share the hash tag `{u:<id>}`, of one author `{a:<id>}`, of one post
///   `{p:<id>}`: multi-key scripts over one user stay in one cluster slot.
/// - Global sets (popular, trending, the follower index) are split into shards with distinct hash tags; on one node the
///   shard count is 1, on a cluster it grows by configuration.
public struct FeedKeys: Sendable, Hashable {
    /// Bounds and sharding.
    public let configuration: StoreConfiguration

    /// The layout for `configuration`.
    public init(configuration: StoreConfiguration = .default) {
        self.configuration = configuration
    }

    // MARK: Per user — tag {u:<id>}

    /// The common prefix of a user's keys, `{u:<id>}:`; scripts build generation keys from it.
    public static func userPrefix(_ user: UserID) -> String { "{u:\(user.rawValue)}:" }

    /// HASH `created_at`, `platform`, `utc_offset`.
    public func profile(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "profile") }
    /// ZSET author → followed-at: whom the user follows.
    public func follows(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "follows") }
    /// HASH author → `t,v_click,v_like,v_comment,v_share,v_hide,v_report`: decayed affinity.
    public func affinity(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "aff") }
    /// HASH topic dimension → weight: the user's topic profile (``TopicProfile``).
    public func topicProfile(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "topics") }
    /// STRING `"id,id,…,"`: the seen log, what the user was shown in serving order (oldest first,
    /// the newest ``StoreConfiguration/seenMaxItems`` kept), as of the last fold of
    /// ``seenQueue(_:)`` (``SeenQueue``). The earlier layout kept a ZSET here (post → time, with a
    /// 66-byte sentinel member keeping it a skiplist: 204 KB at 2,000 7-digit ids,
    /// `Ops/bench/seen-memory`); the first fold upgrades it.
    public func seen(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "seen") }
    /// STRING `"id,id,…,"`: ids the read path served since the last fold into ``seen(_:)``
    /// (``SeenQueue``); seen = the log plus this queue.
    public func seenQueue(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "seenq") }

    /// ZSET author → time: authors the user hid ("show fewer").
    public func hiddenAuthors(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "hidden_authors") }
    /// ZSET author → time: authors the user blocked.
    public func blockedAuthors(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "blocked") }
    /// ZSET post → time: posts the user hid or reported.
    public func rejectedPosts(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "rejected") }
    /// ZSET login time → login time: recent sessions.
    public func logins(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "logins") }
    /// HASH `cur`, `prev`, `at`, `model`, `n`, `schema`: the feed meta pointer.
    public func feedMeta(_ user: UserID) -> RedisKey { RedisKey(Self.userPrefix(user) + "meta") }
    /// ZSET post → position: one generation's snapshot.
    public func snapshot(_ user: UserID, _ generation: GenerationID) -> RedisKey {
        RedisKey(snapshotPrefix(user) + String(generation.rawValue))
    }
    /// STRING: one generation's page records — author, score, reason, media per position
    /// (``PageRecordFormat``): what a page read returns besides ids and positions.
    public func pageRecords(_ user: UserID, _ generation: GenerationID) -> RedisKey {
        RedisKey(pageRecordsPrefix(user) + String(generation.rawValue))
    }
    /// The page-records key of `user` without the generation id (see ``snapshotPrefix(_:)``).
    public func pageRecordsPrefix(_ user: UserID) -> String { Self.userPrefix(user) + "items:" }
    /// STRING: one generation's feature log (``FeatureLogFormat``) as **earlier versions** kept it in
    /// Redis. Nothing writes it any more (logs go to segment files, ``FeatureLogSegmentWriter``);
    /// readers still fall back to it so a Redis holding the old layout keeps serving and joining
    /// until its generations are replaced and expire.
    public func featureLog(_ user: UserID, _ generation: GenerationID) -> RedisKey {
        RedisKey(featureLogPrefix(user) + String(generation.rawValue))
    }
    /// The snapshot key of `user` without the generation id: scripts append the generation they read
    /// from the meta pointer (the key keeps the user's hash tag, hence the slot).
    public func snapshotPrefix(_ user: UserID) -> String { Self.userPrefix(user) + "snap:" }
    /// The legacy feature-log key of `user` without the generation id (see ``featureLog(_:_:)``).
    public func featureLogPrefix(_ user: UserID) -> String { Self.userPrefix(user) + "flog:" }

    // MARK: Per author — tag {a:<id>}

    /// ZSET post → created-at: the author's recent posts.
    public func timeline(_ author: AuthorID) -> RedisKey { RedisKey("{a:\(author.rawValue)}:timeline") }
    /// HASH `followers`: author counters.
    public func authorStats(_ author: AuthorID) -> RedisKey { RedisKey("{a:\(author.rawValue)}:stats") }
    /// HASH `<hour><code>` → count: hourly engagement on all the author's posts.
    public func authorEngagement(_ author: AuthorID) -> RedisKey { RedisKey("{a:\(author.rawValue)}:eng") }

    // MARK: Per post — tag {p:<id>}

    /// HASH `a` author, `t` created-at, `m` media, `v` topics (packed Float32 LE).
    public func post(_ post: PostID) -> RedisKey { RedisKey("{p:\(post.rawValue)}:post") }
    /// HASH `<hour><code>` → count: hourly engagement of the post.
    public func postEngagement(_ post: PostID) -> RedisKey { RedisKey("{p:\(post.rawValue)}:eng") }

    // MARK: Global, sharded

    /// ZSET post → log₂ decayed popularity, shard `index`.
    public func popular(shard index: Int) -> RedisKey { RedisKey("popular:{pop:\(index)}") }
    /// ZSET post → log₂ decayed trending score, shard `index`.
    public func trending(shard index: Int) -> RedisKey { RedisKey("trending:{trend:\(index)}") }
    /// Every popular shard.
    public var popularShards: [RedisKey] { (0..<max(1, configuration.popularShards)).map { popular(shard: $0) } }
    /// Every trending shard.
    public var trendingShards: [RedisKey] { (0..<max(1, configuration.trendingShards)).map { trending(shard: $0) } }
    /// The popular shard holding `post`.
    public func popularShard(of post: PostID) -> RedisKey {
        popular(shard: Int(post.rawValue % UInt64(max(1, configuration.popularShards))))
    }
    /// The trending shard holding `post`.
    public func trendingShard(of post: PostID) -> RedisKey {
        trending(shard: Int(post.rawValue % UInt64(max(1, configuration.trendingShards))))
    }

    /// ZSET author → follower count, shard `index`: the most-followed authors (the popularity
    /// prior's source, ``PopularityPrior``), trimmed to the best `globalSetMaxEntries` per shard.
    public func followerIndex(shard index: Int) -> RedisKey { RedisKey("followers:{fol:\(index)}") }
    /// Every follower-index shard (as many as popular shards).
    public var followerIndexShards: [RedisKey] {
        (0..<max(1, configuration.popularShards)).map { followerIndex(shard: $0) }
    }
    /// The follower-index shard holding `author`.
    public func followerIndexShard(of author: AuthorID) -> RedisKey {
        followerIndex(shard: Int(author.rawValue % UInt64(max(1, configuration.popularShards))))
    }

    /// STREAM of impressions that `user`'s page reads append to (see ``ImpressionSharding``).
    public func impressions(for user: UserID) -> RedisKey {
        switch configuration.impressionSharding {
        case .single:
            return RedisKey("impressions:{imp}")
        case .perSlot:
            let slot = HashSlot(key: "u:\(user.rawValue)").value
            return RedisKey("impressions:{\(SlotTags.tag(for: slot))}")
        }
    }

    /// Every impressions stream shard a consumer must read.
    public var impressionShards: [RedisKey] {
        switch configuration.impressionSharding {
        case .single: return [RedisKey("impressions:{imp}")]
        case .perSlot: return (0..<HashSlot.count).map { RedisKey("impressions:{\(SlotTags.tag(for: $0))}") }
        }
    }

    // MARK: Models — tag {models}

    /// STRING: the current model version.
    public var currentModel: RedisKey { RedisKey("models:{models}:current") }
    /// ZSET version → published-at: the registry, trimmed to the newest versions.
    public var modelVersions: RedisKey { RedisKey("models:{models}:versions") }
    /// STRING: the model file of one version.
    public func model(version: String) -> RedisKey { RedisKey(modelPrefix + version) }
    /// The model key without its version (the registry scripts append versions they read).
    public var modelPrefix: String { "models:{models}:v:" }
}
