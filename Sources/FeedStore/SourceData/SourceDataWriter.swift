import FeedCore
import Logging
import PrefeedRedis

/// Live writes of source data: one event at a time (a new post, a follow, an action), each a
/// bounded, pipelined operation (one round trip; a follow takes two).
///
/// The loader writes the same keys in bulk; docs/REDIS-KEYS.md lists them.
public struct SourceDataWriter: Sendable {
    let client: RedisClient
    let commands: SourceCommands
    let logger: Logger

    /// The key layout and bounds in use.
    public var keys: FeedKeys { commands.keys }

    /// A writer with the layout of `keys`.
    public init(client: RedisClient, keys: FeedKeys = FeedKeys(), logger: Logger) {
        self.client = client
        self.commands = SourceCommands(keys: keys)
        self.logger = logger
    }

    /// Stores or replaces a user's profile.
    public func putUser(_ user: UserID, createdAt: Double, platform: Platform, utcOffsetSeconds: Int? = nil) async throws {
        try await run(commands.putUser(user, createdAt: createdAt, platform: platform, utcOffsetSeconds: utcOffsetSeconds))
    }

    /// Stores a new post and adds it to its author's timeline (trimmed by count and age). Idempotent.
    /// Overwrites whatever the id held: for trusted writers (simulation, tests). Requests from
    /// users go through ``createPost(_:now:)``.
    public func putPost(_ post: Post, now: Double) async throws {
        try await run(commands.putPost(post, now: now))
    }

    /// Stores a new post unless its id is another author's (checked and written atomically by
    /// ``SourceScripts/createPost``), then adds it to its author's timeline. A repeat of the same
    /// author's post rewrites the same values (idempotent); another author's id is refused and
    /// nothing is written.
    public func createPost(_ post: Post, now: Double) async throws -> PostCreation {
        let reply = try await client.run(
            SourceScripts.createPost, keys: [keys.post(post.id)],
            arguments: [post.author.rawValue, keys.configuration.postTTL] + PostRecord.fields(of: post))
        guard let parts = reply.array, parts.count == 2, let status = parts[0].int,
            let owner = parts[1].bytes.flatMap(UInt64.init(decimalBytes:))
        else { throw RedisError(code: .unexpectedReply, message: "post creation returned \(reply)") }
        if status < 0 { return .conflict(owner: AuthorID(owner)) }
        try await run([RedisCommand("ZADD", keys.timeline(post.author), post.createdAt, post.id.rawValue)]
            + commands.trimTimeline(post.author, now: now))
        return status == 1 ? .created : .rewritten
    }

    /// Deletes a post: its hash, engagement, timeline entry and popular/trending entries. The hash
    /// and engagement go only while the post is still `author`'s (``SourceScripts/deleteOwnedPost``).
    /// - Returns: `false` when the id is now another author's (nothing deleted); `true` when it
    ///   was deleted or already gone (idempotent).
    @discardableResult
    public func deletePost(_ post: PostID, author: AuthorID) async throws -> Bool {
        let status = try await client.run(
            SourceScripts.deleteOwnedPost, keys: [keys.post(post), keys.postEngagement(post)],
            arguments: [author.rawValue]).int
        if status == -1 { return false }
        try await run([
            RedisCommand("ZREM", keys.timeline(author), post.rawValue),
            RedisCommand("ZREM", keys.popularShard(of: post), post.rawValue),
            RedisCommand("ZREM", keys.trendingShard(of: post), post.rawValue),
        ] + commands.bumpTimelineVersion(author))
        return true
    }

    /// Follows `author`; counts a follower only when the follow is new (idempotent).
    /// - Returns: `false` when the user already follows the maximum number of authors.
    @discardableResult
    public func follow(_ user: UserID, author: AuthorID, at time: Double) async throws -> Bool {
        let reply = try await client.run(
            SourceScripts.follow, keys: [keys.follows(user)],
            arguments: [author.rawValue, time, keys.configuration.maxFollows, keys.configuration.userDataTTL])
        switch reply.int {
        case 1:
            try await run([
                RedisCommand("HINCRBY", keys.authorStats(author), "followers", 1),
                RedisCommand("EXPIRE", keys.authorStats(author), keys.configuration.authorTTL),
            ] + commands.addFollowers(author, 1))
            return true
        case -1:
            return false
        default:
            return true
        }
    }

    /// Unfollows `author`; decrements the follower count only when the follow existed (idempotent).
    public func unfollow(_ user: UserID, author: AuthorID) async throws {
        let removed = try await client.execute("ZREM", keys.follows(user), author.rawValue)
        if removed.int == 1 {
            try await run([RedisCommand("HINCRBY", keys.authorStats(author), "followers", -1)] + commands.addFollowers(author, -1))
        }
    }

    /// Records one action: post and author engagement buckets, the user–author affinity, the
    /// popular and trending scores, the user's topic profile (when the post's `topics` are
    /// known), and for hide/report the user's rejected posts (the steps of ``ActionEffects``
    /// except hiding the author). The read path applies ``ActionEffects`` itself, step by step.
    public func recordAction(
        user: UserID, post: PostID, author: AuthorID, action: ActionType, at time: Double, topics: TopicVector = .unknown
    ) async throws {
        let effects = ActionEffects(keys: keys)
        let result = await effects.apply(
            [ActionEffects.Action(
                user: user, post: post, author: author, action: action, time: time, topics: topics,
                done: [.hiddenAuthor, .snapshotHide])],
            client: client)
        if let error = result.first?.error { throw error }
    }

    /// Counts impressions of posts (for engagement rates), one per item, in the hour of `time`.
    public func recordImpressions(_ items: [(post: PostID, author: AuthorID)], at time: Double) async throws {
        try await recordImpressionCounts(items.map { ImpressionCount(post: $0.post, author: $0.author, time: time) })
    }

    /// Adds impression counts to the posts' and their authors' hourly buckets, summed per (post,
    /// hour) and (author, hour) first: what the consumer of the impressions streams
    /// (`ImpressionCounter`) folds many page reads into. `now` bounds the buckets kept (7 days).
    public func recordImpressionCounts(_ counts: [ImpressionCount], now: Double? = nil) async throws {
        guard let latest = now ?? counts.map(\.time).max() else { return }
        var posts: [PostHour: Int] = [:]
        var authors: [AuthorHour: Int] = [:]
        for count in counts {
            let hour = EngagementBuckets.hour(of: count.time)
            posts[PostHour(post: count.post, hour: hour), default: 0] += count.count
            authors[AuthorHour(author: count.author, hour: hour), default: 0] += count.count
        }
        var batch: [RedisCommand] = []
        batch.reserveCapacity(posts.count + authors.count)
        for (key, amount) in posts {
            batch.append(commands.bucketIncrement(keys.postEngagement(key.post), hour: key.hour,
                                                  code: EngagementBuckets.impressionCode, amount: amount, now: latest))
        }
        for (key, amount) in authors {
            batch.append(commands.bucketIncrement(keys.authorEngagement(key.author), hour: key.hour,
                                                  code: EngagementBuckets.impressionCode, amount: amount, now: latest))
        }
        try await run(batch)
    }

    private struct PostHour: Hashable { var post: PostID; var hour: Int64 }
    private struct AuthorHour: Hashable { var author: AuthorID; var hour: Int64 }

    /// Hides an author from the user's future feeds ("show fewer from").
    public func hideAuthor(_ user: UserID, author: AuthorID, at time: Double) async throws {
        try await run(commands.addToCappedSet(keys.hiddenAuthors(user), member: author.rawValue, score: time,
                                              cap: keys.configuration.maxFilterEntries, ttl: keys.configuration.userDataTTL))
    }

    /// Blocks an author.
    public func blockAuthor(_ user: UserID, author: AuthorID, at time: Double) async throws {
        try await run(commands.addToCappedSet(keys.blockedAuthors(user), member: author.rawValue, score: time,
                                              cap: keys.configuration.maxFilterEntries, ttl: keys.configuration.userDataTTL))
    }

    /// Records that the user hid or reported a post: it never reaches their feeds again.
    public func rejectPost(_ user: UserID, post: PostID, at time: Double) async throws {
        try await run(commands.addToCappedSet(keys.rejectedPosts(user), member: post.rawValue, score: time,
                                              cap: keys.configuration.maxFilterEntries, ttl: keys.configuration.userDataTTL))
    }

    /// Records a session start (app opened); history bounded by count, age and TTL, and a start
    /// within ``StoreConfiguration/loginMergeGap`` of the newest one merged into it (see
    /// ``LoginRecordScript``). Returns whether a new session was recorded.
    @discardableResult
    public func recordLogin(_ user: UserID, at time: Double) async throws -> Bool {
        LoginRecordScript.recorded(try await client.execute(LoginRecordScript(keys: keys).command(user: user, at: time)))
    }

    /// The most recent logins of a user, newest first.
    public func recentLogins(_ user: UserID, limit: Int = 100) async throws -> [Double] {
        let reply = try await client.execute("ZREVRANGE", keys.logins(user), 0, limit - 1)
        return (reply.array ?? []).compactMap(\.double)
    }

    /// The author of a post, or `nil` when the post is unknown.
    public func author(of post: PostID) async throws -> AuthorID? {
        try await client.execute("HGET", keys.post(post), "a").bytes.flatMap(UInt64.init(decimalBytes:)).map(AuthorID.init)
    }

    /// The authors of `posts` in one pipeline; unknown posts are left out.
    public func authors(of posts: [PostID]) async throws -> [PostID: AuthorID] {
        let replies = await client.pipeline(posts.map { RedisCommand("HGET", keys.post($0), "a") })
        var authors: [PostID: AuthorID] = [:]
        for (post, reply) in zip(posts, replies) {
            if let author = try reply.get().bytes.flatMap(UInt64.init(decimalBytes:)) { authors[post] = AuthorID(author) }
        }
        return authors
    }

    /// The author and topics of a post, if it exists (one `HMGET`).
    public func authorAndTopics(of post: PostID) async throws -> (author: AuthorID, topics: TopicVector)? {
        let fields = try await client.execute("HMGET", keys.post(post), "a", "v").array ?? []
        guard let author = fields.first?.bytes.flatMap(UInt64.init(decimalBytes:)).map(AuthorID.init) else { return nil }
        let topics = fields.count > 1 ? fields[1].bytes.flatMap(FeatureVectorEncoding.decode).map(TopicVector.init) : nil
        return (author, topics ?? .unknown)
    }

    /// The authors and topics of `posts` in one pipeline; unknown posts are left out.
    public func authorsAndTopics(of posts: [PostID]) async throws -> [PostID: (author: AuthorID, topics: TopicVector)] {
        let replies = await client.pipeline(posts.map { RedisCommand("HMGET", keys.post($0), "a", "v") })
        var found: [PostID: (author: AuthorID, topics: TopicVector)] = [:]
        for (post, reply) in zip(posts, replies) {
            let fields = try reply.get().array ?? []
            guard let author = fields.first?.bytes.flatMap(UInt64.init(decimalBytes:)).map(AuthorID.init) else { continue }
            let topics = fields.count > 1 ? fields[1].bytes.flatMap(FeatureVectorEncoding.decode).map(TopicVector.init) : nil
            found[post] = (author, topics ?? .unknown)
        }
        return found
    }

    private func run(_ batch: [RedisCommand]) async throws {
        for result in await client.pipeline(batch) { _ = try result.get() }
    }
}
