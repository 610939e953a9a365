import FeedCore
import PrefeedRedis

/// A cheap page for a user without a feed: the newest posts of followed authors, then popular
/// posts, minus what the user has seen, recorded like a cached page (impression appended, items
/// marked seen) with generation 0 and model version ``modelVersion``.
///
/// Costs four round trips (follows + popular + seen; timelines; authors; the record script), used
/// only on a miss while an interactive regeneration is queued.
public struct ReadPathFallback: Sendable {
    /// The model version recorded on fallback impressions.
    public static let modelVersion = "fallback"

    public let keys: FeedKeys
    /// Followed authors read (most recently followed first).
    public var followsRead: Int = 20
    /// Newest posts read per followed author.
    public var postsPerAuthor: Int = 3

    public init(keys: FeedKeys = FeedKeys()) {
        self.keys = keys
    }

    /// Records a fallback page as the page script records a page (the shared `recordPage` helper,
    /// `Scripts/helpers/record-page.lua`): the impression `XADD`ed, the items appended to the seen
    /// queue (folded when it outgrows its bound), TTLs refreshed. KEYS: impressions shard, seen,
    /// seen queue. Returns the impression's entry id.
    public static let recordScript = RedisScript(LuaScripts.fallbackPageRecord)

    /// The `EVALSHA` of ``recordScript`` for one fallback page (generation 0, ``modelVersion``).
    func recordCommand(user: UserID, request: RequestID, items: String, positions: String, now: Double) -> RedisCommand {
        let config = keys.configuration
        return Self.recordScript.command(
            keys: [keys.impressions(for: user), keys.seen(user), keys.seenQueue(user)],
            arguments: [
                config.impressionsMaxLength, request.rawValue, user.rawValue, items, positions, now, Self.modelVersion,
                config.seenMaxItems, config.seenTTL, config.seenQueueMaxBytes,
            ])
    }

    /// Builds, records and returns a fallback page of at most `limit` items.
    public func page(client: RedisClient, user: UserID, limit: Int, request: RequestID, now: Double) async throws -> FeedPage {
        let limit = max(1, limit)
        let first = await client.pipeline([
            RedisCommand("ZREVRANGE", keys.follows(user), 0, followsRead - 1),
            RedisCommand("ZREVRANGE", keys.popular(shard: 0), 0, 3 * limit - 1),
            SeenQueue.foldAndRead(user, keys: keys, now: now),
        ])
        let authors = try ids(first[0].get()).map(AuthorID.init)
        let popular = try ids(first[1].get()).map(PostID.init)
        let seen = Set(SeenQueue.newest(try first[2].get(), limit: .max).map(\.rawValue))

        var followed: [(post: PostID, author: AuthorID, time: Double)] = []
        if !authors.isEmpty {
            let timelines = await client.pipeline(authors.map {
                RedisCommand("ZREVRANGE", keys.timeline($0), 0, postsPerAuthor - 1, "WITHSCORES")
            })
            for (author, result) in zip(authors, timelines) {
                let parts = try result.get().array ?? []
                var index = 0
                while index + 1 < parts.count {
                    if let id = parts[index].bytes.flatMap(UInt64.init(decimalBytes:)), let time = parts[index + 1].double {
                        followed.append((PostID(id), author, time))
                    }
                    index += 2
                }
            }
        }
        followed.sort { $0.time > $1.time }

        var chosen: [PostID] = []
        var authorOf: [PostID: AuthorID] = [:]
        var reasons: [PostID: CandidateSource] = [:]
        var taken = Set<UInt64>()
        for item in followed where chosen.count < limit && !seen.contains(item.post.rawValue) && taken.insert(item.post.rawValue).inserted {
            chosen.append(item.post)
            authorOf[item.post] = item.author
            reasons[item.post] = .followedNew
        }
        for post in popular where chosen.count < limit && !seen.contains(post.rawValue) && taken.insert(post.rawValue).inserted {
            chosen.append(post)
            reasons[post] = .popular
        }
        let unknown = chosen.filter { authorOf[$0] == nil }
        if !unknown.isEmpty {
            let replies = await client.pipeline(unknown.map { RedisCommand("HGET", keys.post($0), "a") })
            for (post, reply) in zip(unknown, replies) {
                if let author = try reply.get().bytes.flatMap(UInt64.init(decimalBytes:)) { authorOf[post] = AuthorID(author) }
            }
            chosen.removeAll { authorOf[$0] == nil }  // deleted or expired posts
        }
        guard !chosen.isEmpty else {
            return FeedPage(found: true, generation: GenerationID(0), modelVersion: Self.modelVersion, restarted: false,
                            impressionID: nil, generatedAt: now, items: [])
        }

        let itemList = chosen.map { String($0.rawValue) }.joined(separator: ",")
        let positionList = chosen.indices.map(String.init).joined(separator: ",")
        let entry = try await client.execute(
            recordCommand(user: user, request: request, items: itemList, positions: positionList, now: now)).string
        let items = chosen.enumerated().map { position, post in
            FeedPage.Item(
                post: post, position: position,
                record: FeatureLogFormat.Item(
                    post: post, author: authorOf[post] ?? AuthorID(0), score: 0, reason: reasons[post] ?? .fallback,
                    mediaType: .text, isExplorationSlot: false))
        }
        return FeedPage(found: true, generation: GenerationID(0), modelVersion: Self.modelVersion, restarted: false,
                        impressionID: entry, generatedAt: now, items: items)
    }

    private func ids(_ reply: RedisReply) -> [UInt64] {
        (reply.array ?? []).compactMap { $0.bytes.flatMap(UInt64.init(decimalBytes:)) }
    }
}
