import FeedCore
import Logging
import PrefeedRedis

/// Generates ranked feeds and switches each user to the new generation atomically.
///
/// One call handles a batch of users with a few pipelines shared by the whole batch (four in the
/// steady state):
/// 1. per-user state (meta, follows, seen, filters, profile, affinity);
/// 2. followed authors' timelines, newest first, bounded by count (``CandidateSelector``), each
///    distinct author once per batch, and only `HGET tv` for those the process already holds at
///    the same version (``TimelineCache``; a changed one costs a refetch pipeline);
/// 3. post bodies, post engagement and author stats missing from the process cache;
/// 4. one ``SnapshotWriteScript`` call per user (snapshot + page records + meta pointer).
/// Before step 4 the batch's feature logs (what the model saw, for the join) are appended to this
/// process's segment files (``FeatureLogSegmentWriter``): they never enter Redis.
/// Popular and trending lists, with their posts and authors, are refreshed into the cache every
/// few seconds outside the batch (amortized over thousands of feeds). A batch of one user costs
/// four round trips (one more when a timeline changed since cached); a batch of B users costs
/// the same, so < 1 per feed.
public final class FeedGenerator: Sendable {
    /// The Redis client all pipelines go through.
    public let client: RedisClient
    /// The key layout.
    public let keys: FeedKeys
    /// Candidate selection and cache settings.
    public let configuration: GeneratorConfiguration
    let cache: SourceCache
    let timelines: TimelineCache
    let logger: Logger
    let metrics: GeneratorMetrics
    let reranker: Reranker
    let selector: CandidateSelector
    /// Where feature logs go; `nil` logs none (the join then finds no features for these feeds).
    public let featureLog: FeatureLogSegmentWriter?

    /// A generator; its cache of shared source data lives as long as it does (keep one per process).
    /// Without `featureLog` no features are logged: fine for tools and tests that never join, wrong
    /// for a worker or server whose impressions feed the join (they always pass one).
    public init(
        client: RedisClient, keys: FeedKeys = FeedKeys(), configuration: GeneratorConfiguration = GeneratorConfiguration(),
        featureLog: FeatureLogSegmentWriter? = nil, logger: Logger
    ) {
        self.featureLog = featureLog
        self.client = client
        self.keys = keys
        self.configuration = configuration
        self.cache = SourceCache(configuration: configuration)
        self.timelines = TimelineCache(
            capacity: configuration.timelineCacheCapacity, maxAgeSeconds: configuration.timelineCacheSeconds)
        self.logger = logger
        self.metrics = GeneratorMetrics()
        self.reranker = Reranker(config: configuration.rerank)
        self.selector = CandidateSelector(configuration: configuration, timelineMaxAge: keys.configuration.timelineMaxAge)
    }

    /// Generates and writes the feeds of `users` (one pipeline per phase for the whole batch).
    /// One result per user, in order; a user's failure does not fail the others.
    public func generate(
        users: [UserID], model: ValueModel, modelVersion: String, now: Double
    ) async -> [Result<GenerationOutcome, any Error>] {
        await generateBatch(users: users, model: model, modelVersion: modelVersion, now: now).outcomes
    }

    /// Drops cached posts, stats, timelines and popular/trending lists (e.g. after a bulk load).
    public func clearCache() {
        cache.clear()
        timelines.clear()
    }

    /// Like ``generate(users:model:modelVersion:now:)``, with round trips and the Redis/compute split.
    public func generateBatch(
        users: [UserID], model: ValueModel, modelVersion: String, now: Double
    ) async -> GenerationBatchReport {
        var timer = PhaseTimer()
        var report = GenerationBatchReport(outcomes: [], roundTrips: 0, redisSeconds: 0, computeSeconds: 0)
        guard !users.isEmpty else { return report }
        let started = ContinuousClock.now

        // Shared lists (amortized: refreshed at most every few seconds).
        let global: SourceCache.GlobalLists
        do {
            global = try await globalLists(now: now, timer: &timer)
        } catch {
            report.outcomes = users.map { _ in .failure(error) }
            return report
        }

        // 1. Per-user state.
        timer.beginRedis()
        let stateBatch = users.flatMap { self.stateCommands(for: $0, now: now) }
        let stateReplies = await client.pipeline(stateBatch)
        timer.endRedis()
        var states: [UserState?] = []
        var errors: [(any Error)?] = Array(repeating: nil, count: users.count)
        for (index, user) in users.enumerated() {
            let replies = stateReplies[(index * Self.stateCommandCount)..<((index + 1) * Self.stateCommandCount)]
            do {
                states.append(try UserState(user: user, replies: Array(replies), now: now, selector: selector))
            } catch {
                states.append(nil)
                errors[index] = error
            }
        }

        // 2. Followed authors' timelines, each distinct author once per batch and from the process
        // cache while its version is unchanged (``TimelineCache``): each one's newest posts back to
        // the timeline bound (the selector fills the followed budget by count, newest first).
        var batchAuthors: [AuthorID] = []
        var listed = Set<AuthorID>()
        for state in states {
            guard let state else { continue }
            for author in state.follows where listed.insert(author).inserted { batchAuthors.append(author) }
        }
        // With thin engagement, the second degree rides along in the first pipeline.
        let secondDegreeRead = SecondDegreeRead(
            states: states, engagementIsThin: global.popular.count + global.trending.count < configuration.maxCandidates,
            keys: keys, configuration: configuration)
        var secondDegree: [Set<AuthorID>] = Array(repeating: [], count: users.count)
        var followedPosts: [[TimelinePost]] = Array(repeating: [], count: users.count)
        if !batchAuthors.isEmpty || !secondDegreeRead.commands.isEmpty {
            let read = await readTimelines(authors: batchAuthors, extra: secondDegreeRead.commands, now: now, timer: &timer)
            report.timelineCache = (read.hits, read.misses, read.stale)
            for (index, state) in states.enumerated() {
                guard let state else { continue }
                for author in state.follows {
                    if let error = read.failures[author] {
                        errors[index] = error
                    } else if let posts = read.posts[author] {
                        followedPosts[index] += posts
                    }
                }
            }
            secondDegree = secondDegreeRead.authors(from: read.extraReplies)
        }

        // Candidate ids per user.
        var choices: [[CandidateSelector.Choice]] = Array(repeating: [], count: users.count)
        var selections: [CandidateSelector.Selection?] = Array(repeating: nil, count: users.count)
        for (index, state) in states.enumerated() {
            guard let state, errors[index] == nil else { continue }
            let selection = selector.select(
                followed: followedPosts[index], trending: global.trending, popular: global.popular, prior: global.prior,
                secondDegree: secondDegree[index], excludedPosts: state.excludedPosts,
                excludedAuthors: state.excludedAuthors, ownAuthor: AuthorID(state.user),
                lastGeneratedAt: state.previousGeneratedAt, now: now)
            choices[index] = selection.choices
            selections[index] = selection
            states[index]?.followedSince = selection.oldestFollowed ?? state.followedSince
        }

        // 3. Post bodies, engagement and author stats missing from the cache.
        var posts: [PostID: SourceCache.PostEntry] = [:]
        var authors: [AuthorID: AuthorStats] = [:]
        var knownAuthors: [PostID: AuthorID] = [:]
        for (index, list) in followedPosts.enumerated() where errors[index] == nil {
            for item in list { knownAuthors[item.post] = item.author }
        }
        let wanted = Set(choices.joined().map(\.post))
        let missingPosts = cache.lookup(posts: wanted, into: &posts, time: now)
        var authorIDs = Set(posts.values.map(\.post.author))
        for post in missingPosts.ids { if let author = knownAuthors[post] { authorIDs.insert(author) } }
        let missingAuthors = cache.lookup(authors: authorIDs, into: &authors)
        if !missingPosts.isEmpty || !missingAuthors.isEmpty {
            do {
                let fetched = try await fetch(posts: missingPosts, authors: missingAuthors, now: now, timer: &timer)
                for entry in fetched.posts { posts[entry.post.id] = entry }
                authors.merge(fetched.authors) { new, _ in new }
                // Authors of posts that were not known before (rare: cache eviction).
                let late = cache.lookup(authors: Set(fetched.posts.map(\.post.author)).filter { authors[$0] == nil }, into: &authors)
                if !late.isEmpty {
                    let more = try await fetch(authors: late, now: now, timer: &timer)
                    authors.merge(more.authors) { new, _ in new }
                }
            } catch {
                report.outcomes = users.map { _ in .failure(error) }
                report.roundTrips = timer.roundTrips
                return report
            }
        }

        // Rank every user and build the write commands.
        timer.beginCompute()
        var workspace = ScoringWorkspace()
        var scores: [Float] = []
        var prepared: [PreparedFeed?] = Array(repeating: nil, count: users.count)
        for (index, state) in states.enumerated() {
            guard let state, errors[index] == nil else { continue }
            prepared[index] = rank(
                state: state, choices: choices[index], posts: posts, authors: authors, model: model,
                modelVersion: modelVersion, now: now, workspace: &workspace, scores: &scores)
        }
        timer.endCompute()

        // 4. Log the features (files, before any snapshot is visible), then switch every user to
        // the new generation.
        var writeIndices = prepared.indices.filter { prepared[$0] != nil }
        if let featureLog, !writeIndices.isEmpty {
            timer.beginCompute()
            do {
                try featureLog.append(writeIndices.map {
                    FeatureLogSegmentWriter.Entry(user: users[$0], generation: prepared[$0]!.outcome.generation,
                                                  log: prepared[$0]!.featureLog)
                })
            } catch {
                for index in writeIndices { errors[index] = error }
                writeIndices = []
            }
            timer.endCompute()
        }
        if !writeIndices.isEmpty {
            timer.beginRedis()
            let replies = await client.pipeline(writeIndices.flatMap { prepared[$0]!.commands })
            timer.endRedis()
            for (offset, index) in writeIndices.enumerated() {
                var feed = prepared[index]!
                if case .failure(let error) = replies[2 * offset] {
                    errors[index] = error
                    continue
                }
                switch replies[2 * offset + 1] {
                case .success(let reply):
                    let parts = reply.array ?? []
                    let written = parts.first?.int == 1
                    let other = parts.count > 1 ? parts[1].bytes.flatMap(UInt64.init(decimalBytes:)) : nil
                    if written {
                        feed.outcome.status = .written
                        feed.outcome.previous = other.map(GenerationID.init)
                    } else {
                        feed.outcome.status = .superseded(current: GenerationID(other ?? 0))
                    }
                    prepared[index] = feed
                case .failure(let error):
                    errors[index] = error
                }
            }
        }

        report.outcomes = users.indices.map { index in
            if let error = errors[index] { return .failure(error) }
            if let feed = prepared[index] { return .success(feed.outcome) }
            return .failure(RedisError(code: .unexpectedReply, message: "no state read for user \(users[index])"))
        }
        report.roundTrips = timer.roundTrips
        report.redisSeconds = timer.redisSeconds
        report.computeSeconds = timer.computeSeconds
        report.selection = SelectionSummary(
            selections: selections, outcomes: report.outcomes, thinFeedItems: configuration.thinFeedItems)
        recordSelection(report.selection)
        record(report, since: started)
        return report
    }

    // MARK: Phases

    static let stateCommandCount = 9

    private func stateCommands(for user: UserID, now: Double) -> [RedisCommand] {
        [
            RedisCommand("HMGET", keys.feedMeta(user), "cur", "at"),
            RedisCommand("ZREVRANGE", keys.follows(user), 0, configuration.maxFollowsRead - 1),
            // The read path's queued seen marks folded in first, then the seen log.
            SeenQueue.foldAndRead(user, keys: keys, now: now),
            RedisCommand("ZRANGE", keys.hiddenAuthors(user), 0, -1),
            RedisCommand("ZRANGE", keys.blockedAuthors(user), 0, -1),
            RedisCommand("ZRANGE", keys.rejectedPosts(user), 0, -1),
            RedisCommand("HMGET", keys.profile(user), "platform", "utc_offset"),
            RedisCommand("HGETALL", keys.affinity(user)),
            RedisCommand("HGETALL", keys.topicProfile(user)),
        ]
    }

    private func globalLists(now: Double, timer: inout PhaseTimer) async throws -> SourceCache.GlobalLists {
        if let cached = cache.globalLists() { return cached }
        let shards = keys.trendingShards + keys.popularShards
        timer.beginRedis()
        let replies = await client.pipeline(shards.map {
            RedisCommand("ZREVRANGE", $0, 0, configuration.globalListSize - 1, "WITHSCORES")
        } + keys.followerIndexShards.map { RedisCommand("ZREVRANGE", $0, 0, configuration.priorAuthors - 1, "WITHSCORES") })
        timer.endRedis()
        var trending: [(UInt64, Double)] = []
        var popular: [(UInt64, Double)] = []
        for (index, result) in replies.prefix(shards.count).enumerated() {
            let members = try result.get().unsignedScoredMembers
            if index < keys.trendingShards.count { trending += members } else { popular += members }
        }
        let trendingIDs = trending.sorted { $0.1 > $1.1 }.prefix(configuration.globalListSize).map { PostID($0.0) }
        let popularIDs = popular.sorted { $0.1 > $1.1 }.prefix(configuration.globalListSize).map { PostID($0.0) }
        let prior = try await popularityPrior(
            mostFollowed: Array(replies.dropFirst(shards.count)), engagementPosts: Set(trendingIDs).union(popularIDs).count,
            now: now, timer: &timer)
        // Warm the cache with the shared posts and their authors, so batches never fetch them.
        var known: [PostID: SourceCache.PostEntry] = [:]
        let missing = cache.lookup(posts: Set(trendingIDs + popularIDs + prior.map(\.post)), into: &known, time: now)
        if !missing.isEmpty {
            let fetched = try await fetch(posts: missing, authors: [], now: now, timer: &timer)
            var authors: [AuthorID: AuthorStats] = [:]
            let missingAuthors = cache.lookup(authors: Set(fetched.posts.map(\.post.author)), into: &authors)
            if !missingAuthors.isEmpty {
                _ = try await fetch(authors: missingAuthors, now: now, timer: &timer)
            }
        }
        let lists = SourceCache.GlobalLists(popular: popularIDs, trending: trendingIDs, prior: prior, fetched: .now)
        cache.storeGlobal(lists)
        return lists
    }

    /// Reads `posts` (their bodies only when not already held: a body never changes) and `authors`
    /// in one pipeline, and keeps them in the cache.
    private func fetch(
        posts misses: SourceCache.PostMisses = SourceCache.PostMisses(), authors: [AuthorID], now: Double,
        timer: inout PhaseTimer
    ) async throws -> (posts: [SourceCache.PostEntry], authors: [AuthorID: AuthorStats]) {
        let posts = misses.ids
        let bodies = misses.bodies
        var commands: [RedisCommand] = []
        commands.reserveCapacity(posts.count * 2 + authors.count * 3)
        for post in posts {
            if bodies[post] == nil { commands.append(RedisCommand("HGETALL", keys.post(post))) }
            commands.append(RedisCommand("HGETALL", keys.postEngagement(post)))
        }
        let weekAgo = now - EngagementWindow.sevenDays.seconds
        for author in authors {
            commands.append(RedisCommand("HGET", keys.authorStats(author), "followers"))
            commands.append(RedisCommand("HGETALL", keys.authorEngagement(author)))
            commands.append(RedisCommand("ZCOUNT", keys.timeline(author), weekAgo, now))
        }
        timer.beginRedis()
        let replies = await client.pipeline(commands)
        timer.endRedis()
        let fetchedAt = ContinuousClock.now
        var postEntries: [SourceCache.PostEntry] = []
        var offset = 0
        for id in posts {
            let body: Post?
            if let known = bodies[id] {
                body = known
            } else {
                body = PostRecord.decode(id: id, reply: try replies[offset].get())
                offset += 1
            }
            let engagementReply = try replies[offset].get()
            offset += 1
            guard let post = body else { continue }
            let engagement = EngagementBuckets.windows(fromHashReply: engagementReply.numericPairs, now: now)
            postEntries.append(SourceCache.PostEntry(post: post, engagement: engagement, engagementAt: now, fetched: fetchedAt))
        }
        var authorStats: [AuthorID: AuthorStats] = [:]
        let base = offset
        for (index, author) in authors.enumerated() {
            let followers = try replies[base + 3 * index].get().double ?? 0
            let engagement = EngagementBuckets.windows(fromHashReply: try replies[base + 3 * index + 1].get().numericPairs, now: now)
            let recent = try replies[base + 3 * index + 2].get().double ?? 0
            authorStats[author] = AuthorStats(followers: followers, postsLast7Days: recent, engagement: engagement)
        }
        cache.store(posts: postEntries, authors: authorStats)
        return (postEntries, authorStats)
    }

    // MARK: Ranking

    struct PreparedFeed {
        /// The page records `SET`, then the switch script.
        var commands: [RedisCommand]
        /// The feature log (``CompactFeatureLogFormat``), for the segment files.
        var featureLog: [UInt8]
        var outcome: GenerationOutcome
    }

    private func rank(
        state: UserState, choices: [CandidateSelector.Choice], posts: [PostID: SourceCache.PostEntry],
        authors: [AuthorID: AuthorStats], model: ValueModel, modelVersion: String, now: Double,
        workspace: inout ScoringWorkspace, scores: inout [Float]
    ) -> PreparedFeed {
        var candidates: [Candidate] = []
        candidates.reserveCapacity(choices.count)
        var matrix = FeatureMatrix(columnCount: FeatureExtractor.featureCount)
        matrix.reserveRows(choices.count)
        var bySource: [CandidateSource: Int] = [:]
        var affinities: [AuthorID: UserAuthorAffinity] = [:]
        let ownAuthor = AuthorID(state.user)
        for choice in choices {
            guard let entry = posts[choice.post], entry.post.author != ownAuthor,
                !state.excludedAuthors.contains(entry.post.author)
            else { continue }
            let author = entry.post.author
            let follows = state.followSet.contains(author)
            // Decoded once per author per feed (a feed holds up to 20 posts of each followed author).
            let affinity: UserAuthorAffinity
            if let known = affinities[author] {
                affinity = known
            } else {
                affinity = state.affinity(for: author, follows: follows)
                affinities[author] = affinity
            }
            let exploring = choice.source != .followedNew && !follows && affinity.counters.allSatisfy { $0.value == 0 }
            candidates.append(Candidate(post: entry.post, source: choice.source, isExplorationEligible: exploring))
            bySource[choice.source, default: 0] += 1
            matrix.appendRow(FeatureInputs(
                post: entry.post, now: now, postEngagement: entry.engagement, author: authors[author],
                affinity: affinity, userTopics: state.topics, context: state.context))
        }
        model.scores(matrix, into: &scores, workspace: &workspace)
        let generation = Self.nextGeneration(after: state.currentGeneration, now: now)
        let filters = RerankFilters(
            hiddenAuthors: state.hiddenAuthors, blockedAuthors: state.blockedAuthors, reportedPosts: state.rejected,
            seenPosts: state.seen)
        let items = reranker.rerank(candidates, scores: scores, filters: filters, user: state.user, generation: generation)
        var rowOf: [Int] = []
        rowOf.reserveCapacity(items.count)
        var rowByPost: [PostID: Int] = [:]
        rowByPost.reserveCapacity(candidates.count)
        for (row, candidate) in candidates.enumerated() where rowByPost[candidate.post.id] == nil {
            rowByPost[candidate.post.id] = row
        }
        for item in items { rowOf.append(rowByPost[item.post] ?? 0) }
        let log = featureLog == nil ? [] : CompactFeatureLogFormat.encode(generation: generation, items: items, matrix: matrix, rowOf: rowOf)
        let commands = writeCommands(
            user: state.user, generation: generation, items: items, records: PageRecordFormat.encode(items),
            modelVersion: modelVersion, now: now)
        let outcome = GenerationOutcome(
            user: state.user, generation: generation, previous: state.currentGeneration, status: .written,
            modelVersion: modelVersion, items: items, candidatesBySource: bySource, isColdStart: state.follows.isEmpty,
            followedSince: state.followedSince)
        return PreparedFeed(commands: commands, featureLog: log, outcome: outcome)
    }

    /// A new generation id: `now` in microseconds, the last three digits random (so two writers racing
    /// on one user in the same millisecond practically never pick the same id), and always greater
    /// than the current one. Unique and increasing per user; the switch script enforces "increasing".
    static func nextGeneration(after current: GenerationID?, now: Double) -> GenerationID {
        let time = UInt64(max(0, now) * 1000) &* 1000 &+ UInt64.random(in: 0..<1000)
        return GenerationID(max(time, (current?.rawValue ?? 0) &+ 1))
    }

    /// The page records are written by a plain `SET` just before the switch script, in the same
    /// pipeline on the same connection (arguments are cheaper as a command than through Lua). The
    /// key is new (a fresh generation id) and unreachable until the script points the meta at it,
    /// so readers never see a snapshot without its records; a refused switch deletes it.
    private func writeCommands(
        user: UserID, generation: GenerationID, items: [RankedItem], records: [UInt8], modelVersion: String, now: Double
    ) -> [RedisCommand] {
        let config = keys.configuration
        let recordsKey = keys.pageRecords(user, generation)
        let arguments: [any RedisArgument] = [
            generation.rawValue, keys.snapshotPrefix(user), now, modelVersion, config.feedTTL, config.gracePeriod,
            "", FeatureSchema.current.hash, keys.pageRecordsPrefix(user),
            SnapshotEncoding.dumpPayload(postIDs: items.map(\.post.rawValue)), items.count, keys.featureLogPrefix(user),
        ]
        return [
            RedisCommand("SET", recordsKey, records, "EX", config.feedTTL),
            SnapshotWriteScript.script.command(
                keys: [keys.feedMeta(user), keys.snapshot(user, generation), recordsKey], arguments: arguments),
        ]
    }

    private func record(_ report: GenerationBatchReport, since started: ContinuousClock.Instant) {
        metrics.batchDuration.recordInterval(since: started)
        metrics.roundTrips.increment(by: report.roundTrips)
        for outcome in report.outcomes {
            switch outcome {
            case .success(let feed):
                if case .written = feed.status { metrics.written.increment() } else { metrics.superseded.increment() }
                for (source, count) in feed.candidatesBySource { metrics.candidates[source]?.record(count) }
                logger.debug("feed generated", metadata: [
                    "feed.user_id": "\(feed.user)", "feed.generation_id": "\(feed.generation)",
                    "feed.items": "\(feed.items.count)", "feed.model_version": "\(feed.modelVersion)",
                ])
            case .failure(let error):
                metrics.failed.increment()
                logger.warning("feed generation failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
