import FeedCore
import PrefeedRedis

extension FeedGenerator {
    /// The popularity prior (``PopularityPrior``) from the follower index's replies (`ZREVRANGE …
    /// WITHSCORES` of every shard): the most-followed authors' newest posts within the timeline
    /// bound, in one pipeline. Called with the shared lists' refresh, so once every few seconds per
    /// process, not per feed.
    ///
    /// Skipped (empty) while popular and trending together hold `engagementPosts` ≥
    /// `maxCandidates + seenRead` distinct posts: then no reader can exhaust them (at most
    /// `seenRead` of them are excluded as seen, and rejected posts are rarely popular), so the prior
    /// would practically never be reached.
    func popularityPrior(
        mostFollowed replies: [Result<RedisReply, RedisError>], engagementPosts: Int, now: Double, timer: inout PhaseTimer
    ) async throws -> [TimelinePost] {
        guard engagementPosts < configuration.maxCandidates + configuration.seenRead else { return [] }
        var followers: [AuthorID: Double] = [:]
        for reply in replies {
            for (member, score) in try reply.get().unsignedScoredMembers where score > 0 {
                followers[AuthorID(member)] = score
            }
        }
        let top = followers.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }
            .prefix(configuration.priorAuthors)
        guard !top.isEmpty else { return [] }
        let oldest = selector.oldestReadable(now: now)
        timer.beginRedis()
        let timelines = await client.pipeline(top.map {
            RedisCommand("ZREVRANGEBYSCORE", keys.timeline($0.key), now, oldest, "WITHSCORES",
                         "LIMIT", 0, configuration.priorPostsPerAuthor)
        })
        timer.endRedis()
        var posts: [TimelinePost] = []
        for (entry, reply) in zip(top, timelines) {
            for (member, score) in try reply.get().unsignedScoredMembers {
                posts.append(TimelinePost(post: PostID(member), author: entry.key, createdAt: score))
            }
        }
        return PopularityPrior.rank(
            posts: posts, followers: Dictionary(uniqueKeysWithValues: top.map { ($0.key, $0.value) }), now: now,
            oldest: oldest, halfLife: configuration.priorHalfLife)
    }
}
