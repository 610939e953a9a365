import FeedCore
import PrefeedRedis

/// Builds the Redis commands of source-data writes. Shared by ``SourceDataWriter`` (live, one
/// event) and ``FeedLoader`` (bulk, absolute values), so both write the same layout.
struct SourceCommands: Sendable {
    let keys: FeedKeys
    var configuration: StoreConfiguration { keys.configuration }

    // MARK: Users

    func putUser(_ user: UserID, createdAt: Double, platform: Platform, utcOffsetSeconds: Int?) -> [RedisCommand] {
        let key = keys.profile(user)
        var fields: [any RedisArgument] = [key, "created_at", createdAt, "platform", platform.rawValue]
        if let utcOffsetSeconds {
            fields.append("utc_offset")
            fields.append(utcOffsetSeconds)
        }
        return [RedisCommand("HSET", arguments: fields), RedisCommand("EXPIRE", key, configuration.userDataTTL)]
    }

    // MARK: Posts

    /// The post hash and its timeline entry, with the timeline trimmed by count and by age from `now`.
    func putPost(_ post: Post, now: Double) -> [RedisCommand] {
        let postKey = keys.post(post.id)
        let timeline = keys.timeline(post.author)
        return [
            RedisCommand("HSET", arguments: [postKey] + PostRecord.fields(of: post)),
            RedisCommand("EXPIRE", postKey, configuration.postTTL),
            RedisCommand("ZADD", timeline, post.createdAt, post.id.rawValue),
        ] + trimTimeline(post.author, now: now)
    }

    /// Trims the timeline by count and age, refreshes its TTL, and bumps its version: every write
    /// to a timeline ends with this (after the write, so a generator's cache never holds a read
    /// newer than its version; see `TimelineCache`).
    func trimTimeline(_ author: AuthorID, now: Double) -> [RedisCommand] {
        let timeline = keys.timeline(author)
        return [
            RedisCommand("ZREMRANGEBYRANK", timeline, 0, -(configuration.timelineMaxPosts + 1)),
            RedisCommand("ZREMRANGEBYSCORE", timeline, "-inf", "(" + String(now - configuration.timelineMaxAge)),
            RedisCommand("EXPIRE", timeline, configuration.authorTTL),
        ] + bumpTimelineVersion(author)
    }

    /// `HINCRBY {a:<id>}:stats tv 1` (with the hash's TTL): tells generators' timeline caches
    /// that the author's timeline changed. Sent after the timeline write, in the same pipeline.
    func bumpTimelineVersion(_ author: AuthorID) -> [RedisCommand] {
        let stats = keys.authorStats(author)
        return [RedisCommand("HINCRBY", stats, "tv", 1), RedisCommand("EXPIRE", stats, configuration.authorTTL)]
    }

    // MARK: Follows

    /// The author's follower count (absolute) in its stats hash and in the follower index.
    func setFollowerCount(_ author: AuthorID, _ count: Int) -> [RedisCommand] {
        let key = keys.authorStats(author)
        let index = keys.followerIndexShard(of: author)
        return [
            RedisCommand("HSET", key, "followers", count), RedisCommand("EXPIRE", key, configuration.authorTTL),
            RedisCommand("ZADD", index, count, author.rawValue), trimFollowerIndex(index),
        ]
    }

    /// A live follow (`delta` 1) or unfollow (−1) in the follower index. An author trimmed out of the
    /// index re-enters with the delta, not its full count, until the next load writes absolute
    /// counts: the index is exact for the authors that matter (the most followed), approximate at
    /// its cut-off.
    func addFollowers(_ author: AuthorID, _ delta: Int) -> [RedisCommand] {
        let index = keys.followerIndexShard(of: author)
        return [RedisCommand("ZINCRBY", index, delta, author.rawValue), trimFollowerIndex(index)]
    }

    private func trimFollowerIndex(_ index: RedisKey) -> RedisCommand {
        RedisCommand("ZREMRANGEBYRANK", index, 0, -(configuration.globalSetMaxEntries + 1))
    }

    // MARK: Actions

    func bucketIncrement(_ key: RedisKey, hour: Int64, code: UInt8, amount: Int, now: Double) -> RedisCommand {
        let minHour = EngagementBuckets.hour(of: now - EngagementWindow.sevenDays.seconds) - 1
        return SourceScripts.bucketAdd.command(
            keys: [key],
            arguments: [EngagementBuckets.field(hour: hour, code: code), amount, configuration.engagementTTL,
                        7 * 8 * 24, minHour])
    }

    func decayedAdd(_ key: RedisKey, post: PostID, weight: Double, at time: Double, halfLife: Double) -> RedisCommand {
        SourceScripts.decayedAdd.command(
            keys: [key],
            arguments: [post.rawValue, DecayedScore.logTerm(weight: weight, at: time, halfLife: halfLife),
                        configuration.globalSetMaxEntries])
    }

    func addToCappedSet(_ key: RedisKey, member: UInt64, score: Double, cap: Int, ttl: Int) -> [RedisCommand] {
        [
            RedisCommand("ZADD", key, score, member),
            RedisCommand("ZREMRANGEBYRANK", key, 0, -(cap + 1)),
            RedisCommand("EXPIRE", key, ttl),
        ]
    }

    // MARK: Logins

    func trimLogins(_ user: UserID, newest: Double) -> [RedisCommand] {
        let key = keys.logins(user)
        return [
            RedisCommand("ZREMRANGEBYRANK", key, 0, -(configuration.maxLogins + 1)),
            RedisCommand("ZREMRANGEBYSCORE", key, "-inf", "(" + String(newest - configuration.loginMaxAge)),
            RedisCommand("EXPIRE", key, configuration.userDataTTL),
        ]
    }
}
