import FeedCore
import PrefeedRedis

extension FeedGenerator {
    /// A batch's followed timelines: each distinct author once, from the ``TimelineCache`` when
    /// its version is unchanged.
    struct TimelineRead {
        /// Newest first, at most ``GeneratorConfiguration/postsPerAuthor`` posts within the bound.
        var posts: [AuthorID: [TimelinePost]] = [:]
        /// Authors whose read failed (their followers' generations fail with it, to be retried).
        var failures: [AuthorID: RedisError] = [:]
        /// The replies of the extra commands sent with the first pipeline, in order.
        var extraReplies: [Result<RedisReply, RedisError>] = []
        /// Authors answered from the cache, read because absent, and read again because their
        /// version had changed.
        var hits = 0
        var misses = 0
        var stale = 0
    }

    private enum TimelineReadKind {
        /// `HGET tv` only: the cached entry answers if the version is the same.
        case validate(TimelineCache.Entry)
        /// `HGET tv` then the newest posts with no upper bound: cacheable.
        case fetch
        /// The newest posts at or before `now` (an entry cannot answer: posts dated after `now`).
        case bounded
    }

    /// Reads the timelines of `authors` (distinct) in at most three pipelines: validations and
    /// misses (with `extra` appended), then refetches of changed ones, then, only when some
    /// timeline holds posts dated after `now`, their bounded reads.
    func readTimelines(
        authors: [AuthorID], extra: [RedisCommand], now: Double, timer: inout PhaseTimer
    ) async -> TimelineRead {
        var read = TimelineRead()
        let oldest = selector.oldestReadable(now: now)
        let limit = configuration.postsPerAuthor
        let cached = timelines.candidates(for: authors)
        var pending: [(AuthorID, TimelineReadKind)] = authors.map { author in
            if let entry = cached[author] { return (author, .validate(entry)) }
            return (author, .fetch)
        }
        var extraCommands = extra
        var fresh: [AuthorID: TimelineCache.Entry] = [:]
        var pass = 0
        while !pending.isEmpty || !extraCommands.isEmpty {
            pass += 1
            var commands: [RedisCommand] = []
            commands.reserveCapacity(pending.count * 2 + extraCommands.count)
            for (author, kind) in pending {
                switch kind {
                case .validate:
                    commands.append(RedisCommand("HGET", keys.authorStats(author), "tv"))
                case .fetch:
                    commands.append(RedisCommand("HGET", keys.authorStats(author), "tv"))
                    commands.append(RedisCommand(
                        "ZREVRANGEBYSCORE", keys.timeline(author), "+inf", oldest, "WITHSCORES", "LIMIT", 0, limit))
                case .bounded:
                    commands.append(RedisCommand(
                        "ZREVRANGEBYSCORE", keys.timeline(author), now, oldest, "WITHSCORES", "LIMIT", 0, limit))
                }
            }
            let extraStart = commands.count
            commands += extraCommands
            timer.beginRedis()
            let replies = await client.pipeline(commands)
            timer.endRedis()
            read.extraReplies += replies[extraStart...]
            extraCommands = []

            var next: [(AuthorID, TimelineReadKind)] = []
            var offset = 0
            for (author, kind) in pending {
                switch kind {
                case .validate(let entry):
                    let reply = replies[offset]
                    offset += 1
                    switch reply {
                    case .failure(let error):
                        read.failures[author] = error
                    case .success(let value):
                        if value.int == entry.version, let posts = entry.answer(now: now, oldest: oldest, limit: limit) {
                            read.hits += 1
                            read.posts[author] = Self.timelinePosts(posts, author: author)
                        } else {
                            read.stale += 1
                            next.append((author, .fetch))
                        }
                    }
                case .fetch:
                    let (version, list) = (replies[offset], replies[offset + 1])
                    offset += 2
                    switch (version, list) {
                    case (.failure(let error), _), (_, .failure(let error)):
                        read.failures[author] = error
                    case (.success(let version), .success(let list)):
                        if pass == 1 { read.misses += 1 }
                        let entry = TimelineCache.Entry(
                            version: version.int, posts: list.unsignedScoredMembers.map { (PostID($0.member), $0.score) },
                            limit: limit, oldestBound: oldest, fetched: .now)
                        fresh[author] = entry
                        if let posts = entry.answer(now: now, oldest: oldest, limit: limit) {
                            read.posts[author] = Self.timelinePosts(posts, author: author)
                        } else {
                            next.append((author, .bounded))
                        }
                    }
                case .bounded:
                    let reply = replies[offset]
                    offset += 1
                    switch reply {
                    case .failure(let error):
                        read.failures[author] = error
                    case .success(let list):
                        read.posts[author] = list.unsignedScoredMembers.map {
                            TimelinePost(post: PostID($0.member), author: author, createdAt: $0.score)
                        }
                    }
                }
            }
            pending = next
        }
        timelines.store(fresh)
        metrics.timelineCacheHits.increment(by: read.hits)
        metrics.timelineCacheMisses.increment(by: read.misses)
        metrics.timelineCacheStale.increment(by: read.stale)
        return read
    }

    private static func timelinePosts(_ posts: [(post: PostID, createdAt: Double)], author: AuthorID) -> [TimelinePost] {
        posts.map { TimelinePost(post: $0.post, author: author, createdAt: $0.createdAt) }
    }
}
