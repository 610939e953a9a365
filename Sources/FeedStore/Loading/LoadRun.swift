import FeedCore
import FeedWorld
import Foundation
import PrefeedRedis

/// The state of one ``FeedLoader/load(directory:format:progress:)`` call: the open batch, the
/// pipeline in flight, the aggregates and the summary.
struct LoadRun {
    let loader: FeedLoader
    let directory: URL
    let format: LoadFileFormat
    let options: RowParseOptions
    let progress: @Sendable (LoadProgress) -> Void
    var summary = LoadSummary()
    var aggregates = LoadAggregates()
    private var batch: [RedisCommand] = []
    private var inFlight: Task<[Result<RedisReply, RedisError>], Never>?

    init(loader: FeedLoader, directory: URL, format: LoadFileFormat, options: RowParseOptions,
         progress: @escaping @Sendable (LoadProgress) -> Void) {
        self.loader = loader
        self.directory = directory
        self.format = format
        self.options = options
        self.progress = progress
    }

    private var commands: SourceCommands { loader.commands }
    private var keys: FeedKeys { loader.keys }
    private var configuration: StoreConfiguration { loader.keys.configuration }

    mutating func loadAll() async throws {
        let offset = loader.idOffset
        try await loadFile(UserRow.self) { run, row in
            var row = row
            row.id += offset
            return run.handleUser(row)
        }
        try await loadFile(FollowRow.self) { run, row throws(LoadRowRejection) in
            var row = row
            row.follower += offset
            row.followee += offset
            return try run.handleFollow(row)
        }
        for (author, count) in aggregates.followerCounts {
            try await append(commands.setFollowerCount(AuthorID(author), count))
        }
        try await loadFile(PostRow.self) { run, row throws(LoadRowRejection) in
            var row = row
            row.id += offset
            row.author += offset
            return try run.handlePost(row)
        }
        let authors = Set(aggregates.postAuthors.values)
        for author in authors {
            try await append(commands.trimTimeline(AuthorID(author), now: aggregates.newestPost))
        }
        try await loadFile(ActionRow.self) { run, row throws(LoadRowRejection) in
            var row = row
            row.user += offset
            row.post += offset
            return try run.handleAction(row)
        }
        try await writeActionAggregates()
        try await loadFile(LoginRow.self) { run, row in
            var row = row
            row.user += offset
            return run.handleLogin(row)
        }
        for (user, newest) in aggregates.newestLogin {
            try await append(commands.trimLogins(UserID(user), newest: newest))
        }
        try await drain()
    }

    // MARK: Rows

    private mutating func handleUser(_ row: UserRow) -> [RedisCommand] {
        let platform = Platform(rawValue: row.platform.rawValue) ?? .unknown
        return commands.putUser(UserID(UInt64(row.id)), createdAt: row.createdAt, platform: platform, utcOffsetSeconds: nil)
    }

    private mutating func handleFollow(_ row: FollowRow) throws(LoadRowRejection) -> [RedisCommand] {
        guard row.follower != row.followee else { throw LoadRowRejection("a user cannot follow themselves") }
        let user = UserID(UInt64(row.follower))
        let pair = LoadAggregates.Pair(first: UInt64(row.follower), second: UInt64(row.followee))
        if aggregates.followPairs.insert(pair).inserted {
            aggregates.followerCounts[UInt64(row.followee), default: 0] += 1
        }
        let key = keys.follows(user)
        return [RedisCommand("ZADD", key, row.createdAt, UInt64(row.followee)),
                RedisCommand("EXPIRE", key, configuration.userDataTTL)]
    }

    private mutating func handlePost(_ row: PostRow) throws(LoadRowRejection) -> [RedisCommand] {
        guard let media = MediaType(rawValue: row.media.rawValue) else {
            throw LoadRowRejection("field \"media\": unsupported value \(row.media.rawValue)")
        }
        let post = Post(
            id: PostID(UInt64(row.id)), author: AuthorID(UInt64(row.author)), createdAt: row.createdAt, mediaType: media,
            topics: TopicVector(row.topics))
        aggregates.postAuthors[UInt64(row.id)] = UInt64(row.author)
        if !row.topics.isEmpty { aggregates.postTopics[UInt64(row.id)] = row.topics }
        aggregates.newestPost = max(aggregates.newestPost, row.createdAt)
        let postKey = keys.post(post.id)
        return [
            RedisCommand("HSET", arguments: [postKey] + PostRecord.fields(of: post)),
            RedisCommand("EXPIRE", postKey, configuration.postTTL),
            RedisCommand("ZADD", keys.timeline(post.author), post.createdAt, post.id.rawValue),
        ]
    }

    private mutating func handleAction(_ row: ActionRow) throws(LoadRowRejection) -> [RedisCommand] {
        let postID = UInt64(row.post)
        guard let author = aggregates.postAuthors[postID] else {
            throw LoadRowRejection("unknown post \(postID) (not in the posts file of this load)")
        }
        guard let action = ActionType(rawValue: row.action.rawValue), let head = action.headIndex,
            let code = EngagementBuckets.code(of: action)
        else {
            throw LoadRowRejection("field \"action\": unsupported value \(row.action.rawValue)")
        }
        let user = UInt64(row.user)
        let hour = EngagementBuckets.hour(of: row.at)
        aggregates.newestAction = max(aggregates.newestAction, row.at)
        aggregates.postBuckets[LoadAggregates.Bucket(id: postID, hour: hour, code: code), default: 0] += 1
        aggregates.authorBuckets[LoadAggregates.Bucket(id: author, hour: hour, code: code), default: 0] += 1
        aggregates.affinities[LoadAggregates.Pair(first: user, second: author),
                              default: LoadAggregates.Affinity(time: row.at, values: .zero)]
            .add(head: head, at: row.at, halfLife: FeatureExtractor.affinityHalfLifeSeconds)
        if let topics = aggregates.postTopics[postID] {
            let topicWeight = TopicProfile.weight(of: action)
            var profile = aggregates.topicProfiles[user] ?? [Double](repeating: 0, count: topics.count)
            if profile.count == topics.count {
                for index in topics.indices { profile[index] += topicWeight * Double(topics[index]) }
                aggregates.topicProfiles[user] = profile
            }
        }
        let weight = DecayedScore.weight(of: action.rawValue)
        if weight > 0 {
            let popularTerm = DecayedScore.logTerm(weight: weight, at: row.at, halfLife: configuration.popularHalfLife)
            aggregates.popular[postID] = aggregates.popular[postID].map { DecayedScore.logAdd($0, popularTerm) } ?? popularTerm
            let trendingTerm = DecayedScore.logTerm(weight: weight, at: row.at, halfLife: configuration.trendingHalfLife)
            aggregates.trending[postID] = aggregates.trending[postID].map { DecayedScore.logAdd($0, trendingTerm) } ?? trendingTerm
        }
        guard action.isNegative else { return [] }
        return commands.addToCappedSet(
            keys.rejectedPosts(UserID(user)), member: postID, score: row.at, cap: configuration.maxFilterEntries,
            ttl: configuration.userDataTTL)
    }

    private mutating func handleLogin(_ row: LoginRow) -> [RedisCommand] {
        let user = UInt64(row.user)
        aggregates.newestLogin[user] = max(aggregates.newestLogin[user] ?? -.infinity, row.at)
        return [RedisCommand("ZADD", keys.logins(UserID(user)), row.at, row.at)]
    }

    // MARK: Aggregates

    private mutating func writeActionAggregates() async throws {
        let reference = aggregates.newestAction
        guard reference.isFinite else { return }
        let minHour = EngagementBuckets.hour(of: reference - EngagementWindow.sevenDays.seconds) - 1
        var touchedPosts = Set<UInt64>()
        for (bucket, count) in aggregates.postBuckets where bucket.hour >= minHour {
            touchedPosts.insert(bucket.id)
            try await append([RedisCommand("HSET", keys.postEngagement(PostID(bucket.id)),
                                           EngagementBuckets.field(hour: bucket.hour, code: bucket.code), count)])
        }
        for post in touchedPosts {
            try await append([RedisCommand("EXPIRE", keys.postEngagement(PostID(post)), configuration.engagementTTL)])
        }
        var touchedAuthors = Set<UInt64>()
        for (bucket, count) in aggregates.authorBuckets where bucket.hour >= minHour {
            touchedAuthors.insert(bucket.id)
            try await append([RedisCommand("HSET", keys.authorEngagement(AuthorID(bucket.id)),
                                           EngagementBuckets.field(hour: bucket.hour, code: bucket.code), count)])
        }
        for author in touchedAuthors {
            try await append([RedisCommand("EXPIRE", keys.authorEngagement(AuthorID(author)), configuration.engagementTTL)])
        }
        aggregates.postBuckets = [:]
        aggregates.authorBuckets = [:]

        // Affinities, at most `maxAffinityAuthors` per user (the strongest).
        var byUser: [UInt64: [(author: UInt64, affinity: LoadAggregates.Affinity)]] = [:]
        for (pair, affinity) in aggregates.affinities { byUser[pair.first, default: []].append((pair.second, affinity)) }
        aggregates.affinities = [:]
        for (user, var entries) in byUser {
            if entries.count > configuration.maxAffinityAuthors {
                entries.sort { $0.affinity.positive > $1.affinity.positive }
                entries.removeLast(entries.count - configuration.maxAffinityAuthors)
            }
            let key = keys.affinity(UserID(user))
            for chunk in stride(from: 0, to: entries.count, by: 200) {
                var arguments: [any RedisArgument] = [key]
                for entry in entries[chunk..<min(entries.count, chunk + 200)] {
                    arguments.append(entry.author)
                    arguments.append(AffinityCodec.encode(entry.affinity.counters))
                }
                try await append([RedisCommand("HSET", arguments: arguments)])
            }
            try await append([RedisCommand("EXPIRE", key, configuration.userDataTTL)])
        }

        // Topic profiles.
        for (user, profile) in aggregates.topicProfiles {
            try await append(TopicProfile.set(keys: keys, user: UserID(user), vector: profile))
        }
        aggregates.topicProfiles = [:]
        aggregates.postTopics = [:]

        // Popular and trending: the best `globalSetMaxEntries` of each shard, as absolute scores.
        try await writeGlobal(aggregates.popular, shardOf: keys.popularShard(of:))
        try await writeGlobal(aggregates.trending, shardOf: keys.trendingShard(of:))
    }

    private mutating func writeGlobal(_ scores: [UInt64: Double], shardOf: (PostID) -> RedisKey) async throws {
        var shards: [RedisKey: [(UInt64, Double)]] = [:]
        for (post, score) in scores { shards[shardOf(PostID(post)), default: []].append((post, score)) }
        for (key, var entries) in shards {
            entries.sort { $0.1 > $1.1 }
            entries = Array(entries.prefix(configuration.globalSetMaxEntries))
            for chunk in stride(from: 0, to: entries.count, by: 500) {
                var arguments: [any RedisArgument] = [key]
                for (post, score) in entries[chunk..<min(entries.count, chunk + 500)] {
                    arguments.append(score)
                    arguments.append(post)
                }
                try await append([RedisCommand("ZADD", arguments: arguments)])
            }
            try await append([RedisCommand("ZREMRANGEBYRANK", key, 0, -(configuration.globalSetMaxEntries + 1))])
        }
    }

    // MARK: Files

    private mutating func loadFile<Row: LoadRow>(
        _ type: Row.Type, handle: (inout LoadRun, Row) throws(LoadRowRejection) -> [RedisCommand]
    ) async throws {
        let file = Row.file
        let name = file.fileName(format: format)
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            summary.missingFiles.append(file)
            return
        }
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        var reader = try LineReader(url: url)
        defer { reader.close() }
        var parser = RowParser<Row>(format: format, options: options)
        var counts = LoadSummary.FileCounts()
        let started = ContinuousClock.now
        var lastReport = started
        var headerError: String?
        if format == .csv, let header = try reader.next() {
            let result: Result<Void, RowParseError> = header.withUnsafeBytes { raw in
                do throws(RowParseError) {
                    try parser.readCSVHeader(raw)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            if case .failure(let error) = result {
                headerError = "CSV header: \(error.description)"
                report(file: name, line: 1, reason: "CSV header: \(error.description)")
            }
        }
        while let line = try reader.next() {
            let number = reader.lineNumber
            if let headerError {
                counts.rejected += 1
                if counts.rejected == 1 { report(file: name, line: number, reason: "skipped: \(headerError)") }
                continue
            }
            // A final empty line after the last newline is not a row.
            if line.isEmpty || (line.count == 1 && line.first == UInt8(ascii: "\r")) { continue }
            do {
                let parsed: Result<Row, RowParseError> = line.withUnsafeBytes { raw in
                    do throws(RowParseError) {
                        return .success(try parser.parse(raw))
                    } catch {
                        return .failure(error)
                    }
                }
                let row = try parsed.get()
                let rowCommands = try handle(&self, row)
                counts.loaded += 1
                if !rowCommands.isEmpty { try await append(rowCommands) }
            } catch let error as RowParseError {
                counts.rejected += 1
                report(file: name, line: number, reason: error.description)
            } catch let error as LoadRowRejection {
                counts.rejected += 1
                report(file: name, line: number, reason: error.reason)
            }
            if (counts.loaded + counts.rejected) & 4095 == 0 {
                let now = ContinuousClock.now
                if now - lastReport >= .milliseconds(500) {
                    lastReport = now
                    progress(LoadProgress(
                        file: file, rows: counts.loaded + counts.rejected, rejected: counts.rejected,
                        bytesRead: reader.bytesRead, totalBytes: totalBytes, elapsedSeconds: (now - started).seconds,
                        isFinished: false))
                }
            }
        }
        counts.seconds = (ContinuousClock.now - started).seconds
        summary.files[file] = counts
        progress(LoadProgress(
            file: file, rows: counts.loaded + counts.rejected, rejected: counts.rejected, bytesRead: reader.bytesRead,
            totalBytes: totalBytes, elapsedSeconds: counts.seconds, isFinished: true))
    }

    private mutating func report(file: String, line: Int, reason: String) {
        if summary.issues.count < loader.maxReportedIssues {
            summary.issues.append(LoadSummary.Issue(file: file, line: line, reason: reason))
        }
    }

    // MARK: Pipelines

    /// Adds commands to the open batch; a full batch is sent while the next one fills (two in flight at most).
    private mutating func append(_ more: [RedisCommand]) async throws {
        batch.append(contentsOf: more)
        if batch.count >= loader.batchSize { try await send() }
    }

    private mutating func send() async throws {
        try await awaitInFlight()
        guard !batch.isEmpty else { return }
        let commands = batch
        batch.removeAll(keepingCapacity: true)
        summary.commands += commands.count
        let client = loader.client
        inFlight = Task { await client.pipeline(commands) }
    }

    private mutating func awaitInFlight() async throws {
        guard let task = inFlight else { return }
        inFlight = nil
        for result in await task.value { _ = try result.get() }
    }

    private mutating func drain() async throws {
        try await send()
        try await awaitInFlight()
    }
}
