import FeedCore
import FeedStore
import FeedWorld
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `prefeed bench generate`: feed generation throughput of one process against one Redis.
///
/// Generates a world with FeedWorld into a temporary directory (100 K users / 1 M posts by default),
/// starts a private redis-server with the project configuration (or uses `redisURL`), loads the
/// world with ``FeedLoader``, then generates `feeds` feeds (distinct users, cycling if fewer) with
/// ``FeedGenerator`` in batches of `batchSize`, `concurrency` batches in flight. Reports feeds/s,
/// Redis round trips per feed, the split between waiting on Redis and computing, and `MEMORY USAGE`
/// bytes per cached item of snapshots and feature logs. The last printed line is one JSON object.
///
/// With `clusterSeeds` it runs against a Redis Cluster with the cluster key layout (`store`), and
/// the per-server figures (CPU, commands from `INFO commandstats`) are summed over every master.
public enum GenerateBenchmark {
    /// What to run.
    public struct Options: Sendable {
        public var users: Int = 100_000
        public var posts: Int = 1_000_000
        public var feeds: Int = 20_000
        public var batchSize: Int = 32
        public var concurrency: Int = 4
        /// An existing server to use (it is not flushed); `nil` starts a private one.
        public var redisURL: String?
        /// Seeds of an existing Redis Cluster (`host:port,…`) to use instead of `redisURL`.
        public var clusterSeeds: String?
        /// The key layout (``StoreConfiguration/cluster(globalShards:)`` on a cluster).
        public var store: StoreConfiguration = .default
        /// An existing world directory to load instead of generating one.
        public var worldDirectory: String?
        public var seed: UInt64 = 42
        /// Reuse a server that already holds the world of `users`/`posts`/`seed` (with `redisURL`):
        /// no world generation, no load.
        public var skipLoad = false
        /// The private server runs `Ops/redis.conf` as in production (AOF everysec); `false` turns AOF off.
        public var aof = true
        /// Users whose every key is measured (`MEMORY USAGE`) after generation and their page reads.
        public var memorySampleUsers = 300
        /// Pages of 20 each sampled user reads (by last-seen item) before the memory is measured.
        public var pagesPerSampledUser = 10
        /// Seconds of the single-task ranking reference (`rank_feeds_per_core_s`).
        public var rankSeconds = 3.0
        /// Added to every id of the world when it is loaded (10¹⁸: 19-digit, snowflake-like ids).
        public var idOffset: Int64 = 0
        /// Feeds generated before the measured phase, for users outside it (the last of the order),
        /// so the process caches hold what a long-running worker holds; 0 measures a cold process.
        public var warmFeeds = 0

        public init() {}
    }

    /// The figures of one run.
    public struct Result: Sendable, Codable {
        public var bench = "generate"
        public var feedsPerSecond: Double
        public var roundTripsPerFeed: Double
        public var snapshotBytesPerItem: Double
        public var itemsPerFeed: Double
        public var candidatesPerFeed: Double
        public var redisWaitShare: Double
        public var computeShare: Double
        public var millisecondsRedisPerBatch: Double
        public var millisecondsComputePerBatch: Double
        public var feeds: Int
        public var users: Int
        public var posts: Int
        public var batchSize: Int
        public var concurrency: Int
        public var loadSeconds: Double
        public var seconds: Double
        /// CPU milliseconds per feed of this process (all threads) during generation.
        public var cpuMillisecondsPerFeed: Double
        /// CPU milliseconds per feed of redis-server (from `INFO cpu`) during generation.
        public var redisCPUMillisecondsPerFeed: Double
        /// Load average when generation started: above the core count, the machine was shared and
        /// `feeds_per_s` understates the code; `feeds_per_cpu_s` does not depend on contention.
        public var loadAverage: Double
        /// Feeds per CPU second of this process plus Redis: the rate two idle cores would sustain
        /// is about `2 × feeds_per_cpu_s`.
        public var feedsPerCPUSecond: Double
        /// Commands this client sent per feed (a script call counts once), over all nodes.
        public var commandsPerFeed: Double = 0
        /// Commands the server(s) executed per feed, from `INFO commandstats` summed over the
        /// masters: counts the commands scripts run, not `INFO` itself.
        public var serverCommandsPerFeed: Double = 0
        /// Whether the run was against a Redis Cluster, and how many masters it had (1 otherwise).
        public var cluster = false
        public var masters = 1
        /// `MOVED`/`ASK` redirections and cluster retries during generation.
        public var redirections = 0
        public var clusterRetries = 0
        /// Whether the private server ran with AOF (production config) — `false` only with `--no-aof`.
        public var aof = true
        /// `MEMORY USAGE … SAMPLES 0` summed over every `{u:<id>}` key of the sampled users after
        /// generation and their page reads, per user.
        public var bytesPerActiveUser: Double = 0
        /// The same by key kind (`meta`, `snap`, `items`, `seenq`, `follows`, …), per sampled user.
        public var bytesByKeyKind: [String: Double] = [:]
        /// Users sampled for the memory figures, and pages each read.
        public var memorySampleUsers = 0
        public var pagesPerSampledUser = 0
        /// Bytes of page records (``PageRecordFormat``) per cached item.
        public var pageRecordBytesPerItem: Double = 0
        /// Feature-log bytes appended to the segment files per feed (disk, not Redis).
        public var featureLogDiskBytesPerFeed: Double = 0
        /// Feeds per second the LR ranking alone reaches on one task, measured in this run.
        public var rankFeedsPerCoreSecond: Double = 0
        /// Cores of the machine.
        public var cores = 1
        /// The offset added to every id (19-digit ids when 10¹⁸).
        public var idOffset: Int64 = 0
        /// Generations that failed (not counted in `feeds_per_s`); the command exits non-zero when > 0.
        public var failures = 0
        /// `feeds_per_s / (rank_feeds_per_core_s × cores)`.
        public var pipelineEfficiency: Double = 0
        /// Share of distinct (batch, followed author) timelines answered by the generator's process
        /// cache (a `HGET` of the version instead of the timeline read).
        public var timelineCacheHitRate: Double = 0
        /// Followed timelines read from Redis per feed (cache misses and changed versions).
        public var timelineReadsPerFeed: Double = 0
        /// Feeds generated before the measured phase to warm the process caches (0: a cold process).
        public var warmFeeds = 0

        enum CodingKeys: String, CodingKey {
            case bench
            case feedsPerSecond = "feeds_per_s"
            case roundTripsPerFeed = "round_trips_per_feed"
            case snapshotBytesPerItem = "snapshot_bytes_per_item"
            case itemsPerFeed = "items_per_feed"
            case candidatesPerFeed = "candidates_per_feed"
            case redisWaitShare = "redis_wait_share"
            case computeShare = "compute_share"
            case millisecondsRedisPerBatch = "ms_redis_per_batch"
            case millisecondsComputePerBatch = "ms_compute_per_batch"
            case feeds, users, posts
            case batchSize = "batch_size"
            case concurrency
            case loadSeconds = "load_seconds"
            case seconds
            case cpuMillisecondsPerFeed = "cpu_ms_per_feed"
            case redisCPUMillisecondsPerFeed = "redis_cpu_ms_per_feed"
            case loadAverage = "load_average"
            case feedsPerCPUSecond = "feeds_per_cpu_s"
            case commandsPerFeed = "commands_per_feed"
            case serverCommandsPerFeed = "server_commands_per_feed"
            case cluster, masters, redirections
            case clusterRetries = "cluster_retries"
            case aof
            case bytesPerActiveUser = "bytes_per_active_user"
            case bytesByKeyKind = "bytes_by_key_kind"
            case memorySampleUsers = "memory_sample_users"
            case pagesPerSampledUser = "pages_per_sampled_user"
            case pageRecordBytesPerItem = "page_record_bytes_per_item"
            case featureLogDiskBytesPerFeed = "feature_log_disk_bytes_per_feed"
            case rankFeedsPerCoreSecond = "rank_feeds_per_core_s"
            case cores
            case idOffset = "id_offset"
            case failures
            case pipelineEfficiency = "pipeline_efficiency"
            case timelineCacheHitRate = "timeline_cache_hit_rate"
            case timelineReadsPerFeed = "timeline_reads_per_feed"
            case warmFeeds = "warm_feeds"
        }
    }

    /// Runs `body` over `users` in batches of `size`, `concurrency` batches in flight.
    private static func inBatches(
        _ users: [UserID], size: Int, concurrency: Int, _ body: @escaping @Sendable ([UserID]) async -> Void
    ) async {
        let next = Shared()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    while true {
                        let start = next.next.add(size, ordering: .relaxed).oldValue
                        guard start < users.count else { return }
                        await body(Array(users[start..<min(users.count, start + size)]))
                    }
                }
            }
        }
    }

    /// Counters shared by the benchmark's tasks.
    private final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let totals = Mutex(Totals())
        let lastLine = Mutex(ContinuousClock.now)
    }

    private struct Totals: Sendable {
        var feeds = 0
        var items = 0
        var candidates = 0
        var failures = 0
        var redisSeconds = 0.0
        var computeSeconds = 0.0
        var batches = 0
        var timelineHits = 0
        var timelineReads = 0
    }

    /// Runs the benchmark and prints its report; the last line is the JSON ``Result``.
    @discardableResult
    public static func run(options: Options = Options(), logger: Logger = Logger(label: "prefeed.bench"),
                           print: @escaping @Sendable (String) -> Void) async throws -> Result {
        // 1. Redis.
        var server: RedisServerProcess?
        let configuration: RedisConfiguration
        if let seeds = options.clusterSeeds {
            configuration = try RedisConfiguration(clusterSeeds: seeds)
        } else if let url = options.redisURL {
            configuration = try RedisConfiguration(url: url)
        } else {
            // The production configuration (Ops/redis.conf: AOF everysec) unless `aof` is off.
            let started = try await RedisServerProcess.start(
                extraArguments: options.aof ? [] : ["--appendonly", "no"], maximumConnections: 4)
            server = started
            configuration = started.configuration
        }
        defer { server?.stop() }
        let client = RedisClient(configuration: configuration, logger: logger)
        defer { client.shutdown() }
        let shared = Shared()
        let keys = FeedKeys(configuration: options.store)
        if client.isCluster {
            let masters = try await client.broadcast(RedisCommand("PING")).count
            print("Redis Cluster: \(masters) masters (impressions per slot, \(options.store.popularShards) popular/trending shards)")
        }

        // 2. The world, generated and loaded.
        var world = WorldConfig(seed: options.seed, users: options.users, posts: options.posts)
        var loadSeconds = 0.0
        if !options.skipLoad {
            let directory: URL
            var temporary: URL?
            if let path = options.worldDirectory {
                directory = URL(fileURLWithPath: path)
            } else {
                directory = FileManager.default.temporaryDirectory
                    .appendingPathComponent("prefeed-bench-world-\(UUID().uuidString)")
                temporary = directory
            }
            // A given directory without a world is generated once and kept for later runs.
            let manifest = directory.appendingPathComponent(WorldWriter.manifestFileName)
            if !FileManager.default.fileExists(atPath: manifest.path) {
                print("generating world: \(options.users) users, \(options.posts) posts into \(directory.path) …")
                let summary = try generateWorld(config: world, into: directory)
                print(String(format: "world generated in %.1f s (%d follows, %d actions)", summary.elapsedSeconds,
                             summary.manifest.counts.follows, summary.manifest.counts.actions))
            }
            defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
            world = try JSONDecoder().decode(
                WorldManifest.self, from: Data(contentsOf: directory.appendingPathComponent(WorldWriter.manifestFileName))
            ).config
            var loader = FeedLoader(client: client, keys: keys, logger: logger)
            loader.idOffset = options.idOffset
            let load = try await loader.load(directory: directory, progress: { progress in
                let now = ContinuousClock.now
                let due = shared.lastLine.withLock { last -> Bool in
                    guard progress.isFinished || now - last > .seconds(2) else { return false }
                    last = now
                    return true
                }
                if due { print(progress.line) }
            })
            loadSeconds = load.seconds
            print("loaded: \(load.loadedRows) rows (\(load.rejectedRows) rejected) in \(String(format: "%.1f", load.seconds)) s")
        }

        // 3. Generation.
        let featureLogDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("prefeed-bench-feature-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: featureLogDirectory) }
        let featureLog = try FeatureLogSegmentWriter(directory: featureLogDirectory, logger: logger)
        let generator = FeedGenerator(client: client, keys: keys, featureLog: featureLog, logger: logger)
        let model = BaselineModel.valueModel()
        let now = world.endTime
        let userCount = world.users
        var order = (1...userCount).map { UserID(UInt64($0) + UInt64(options.idOffset)) }
        var random = SystemRandomNumberGenerator()
        order.shuffle(using: &random)
        let users = order
        // Warm-up: shared lists, scripts, connections — with the last users of the order, so the
        // measured feeds (and the memory sample, the first users) are each user's first generation.
        _ = await generator.generate(users: Array(users.suffix(options.batchSize)), model: model,
                                     modelVersion: model.version, now: now)
        // Steady state (optional): other users' feeds first, so the timeline and post caches are warm.
        let warmUsers = Array(users.suffix(min(options.warmFeeds, max(0, users.count - options.feeds))))
        if !warmUsers.isEmpty {
            print("warming the process caches: \(warmUsers.count) feeds of users outside the measured ones …")
            await inBatches(warmUsers, size: options.batchSize, concurrency: options.concurrency) { batch in
                _ = await generator.generate(users: batch, model: model, modelVersion: model.version, now: now)
            }
        }

        let feeds = options.feeds
        let batchSize = options.batchSize
        let loadAverage = Self.loadAverage()
        let redisCPUBefore = try await Self.redisCPUSeconds(client)
        let serverCommandsBefore = try await Self.serverCommands(client)
        let cpuBefore = Self.processCPUSeconds()
        let before = client.statistics.snapshot
        let logBytesBefore = featureLog.totals.bytes
        let clock = ContinuousClock()
        let started = clock.now
        let measured = (0..<feeds).map { users[$0 % users.count] }
        await inBatches(measured, size: batchSize, concurrency: options.concurrency) { batch in
            let report = await generator.generateBatch(users: batch, model: model, modelVersion: model.version,
                                                       now: now)
            var local = Totals()
            for outcome in report.outcomes {
                switch outcome {
                case .success(let feed):
                    local.feeds += 1
                    local.items += feed.items.count
                    local.candidates += feed.candidatesBySource.values.reduce(0, +)
                case .failure:
                    local.failures += 1
                }
            }
            shared.totals.withLock { totals in
                totals.feeds += local.feeds
                totals.items += local.items
                totals.candidates += local.candidates
                totals.failures += local.failures
                totals.redisSeconds += report.redisSeconds
                totals.computeSeconds += report.computeSeconds
                totals.batches += 1
                totals.timelineHits += report.timelineCache.hits
                totals.timelineReads += report.timelineCache.misses + report.timelineCache.stale
            }
        }
        let elapsed = (clock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        let traffic = client.statistics.snapshot.since(before)
        let cpuSeconds = Self.processCPUSeconds() - cpuBefore
        let redisCPUSeconds = try await Self.redisCPUSeconds(client) - redisCPUBefore
        let serverCommands = try await Self.serverCommands(client) - serverCommandsBefore
        let masters = try await client.broadcast(RedisCommand("PING")).count
        let sum = shared.totals.withLock { $0 }
        let logBytes = featureLog.totals.bytes - logBytesBefore
        print(String(format: "ranking reference: LR on one task for %.0f s …", options.rankSeconds))
        let rankRate = RankBenchmark.feedsPerCoreSecond(model: model, seconds: options.rankSeconds)

        // 4. Memory: snapshot and page records per cached item, then every key of sampled users
        // after they read pages.
        let sample = Array(users.prefix(min(feeds, options.memorySampleUsers)))
        let metas = await client.pipeline(sample.map { RedisCommand("HMGET", keys.feedMeta($0), "cur", "n") })
        var memory: [RedisCommand] = []
        var itemCounts: [Int] = []
        for (user, meta) in zip(sample, metas) {
            guard let fields = try? meta.get().array, fields.count == 2,
                let current = fields[0].string.flatMap(UInt64.init), let count = fields[1].int, count > 0
            else { continue }
            memory.append(RedisCommand("MEMORY", "USAGE", keys.snapshot(user, GenerationID(current)), "SAMPLES", "0"))
            memory.append(RedisCommand("MEMORY", "USAGE", keys.pageRecords(user, GenerationID(current)), "SAMPLES", "0"))
            itemCounts.append(Int(count))
        }
        let usages = await client.pipeline(memory)
        var snapshotBytes = 0
        var recordBytes = 0
        for index in itemCounts.indices {
            snapshotBytes += Int((try? usages[2 * index].get().int) ?? 0)
            recordBytes += Int((try? usages[2 * index + 1].get().int) ?? 0)
        }
        let pages = try await Self.readPages(
            client: client, keys: keys, users: sample, pages: options.pagesPerSampledUser, now: now)
        print("memory sample: \(sample.count) users read \(pages) pages of 20")
        let perUser = try await Self.userMemory(client: client, users: Set(sample))
        let sampledItems = max(1, itemCounts.reduce(0, +))
        let busy = max(1e-9, sum.redisSeconds + sum.computeSeconds)
        var result = Result(
            feedsPerSecond: Double(sum.feeds) / max(1e-9, seconds),
            roundTripsPerFeed: Double(traffic.roundTrips) / Double(max(1, sum.feeds)),
            snapshotBytesPerItem: Double(snapshotBytes) / Double(sampledItems),
            itemsPerFeed: Double(sum.items) / Double(max(1, sum.feeds)),
            candidatesPerFeed: Double(sum.candidates) / Double(max(1, sum.feeds)),
            redisWaitShare: sum.redisSeconds / busy, computeShare: sum.computeSeconds / busy,
            millisecondsRedisPerBatch: 1000 * sum.redisSeconds / Double(max(1, sum.batches)),
            millisecondsComputePerBatch: 1000 * sum.computeSeconds / Double(max(1, sum.batches)),
            feeds: sum.feeds, users: userCount, posts: world.posts, batchSize: batchSize,
            concurrency: options.concurrency, loadSeconds: loadSeconds, seconds: seconds,
            cpuMillisecondsPerFeed: 1000 * cpuSeconds / Double(max(1, sum.feeds)),
            redisCPUMillisecondsPerFeed: 1000 * redisCPUSeconds / Double(max(1, sum.feeds)),
            loadAverage: loadAverage,
            feedsPerCPUSecond: Double(sum.feeds) / max(1e-9, cpuSeconds + redisCPUSeconds),
            commandsPerFeed: Double(traffic.commands) / Double(max(1, sum.feeds)),
            serverCommandsPerFeed: Double(serverCommands) / Double(max(1, sum.feeds)),
            cluster: client.isCluster, masters: masters,
            redirections: traffic.redirections, clusterRetries: traffic.clusterRetries)
        result.aof = options.aof
        result.idOffset = options.idOffset
        result.failures = sum.failures
        result.memorySampleUsers = sample.count
        result.pagesPerSampledUser = options.pagesPerSampledUser
        result.bytesPerActiveUser = perUser.total / Double(max(1, sample.count))
        result.bytesByKeyKind = perUser.byKind.mapValues { ($0 / Double(max(1, sample.count))).rounded() }
        result.pageRecordBytesPerItem = Double(recordBytes) / Double(sampledItems)
        result.featureLogDiskBytesPerFeed = Double(logBytes) / Double(max(1, sum.feeds))
        result.rankFeedsPerCoreSecond = rankRate
        result.cores = ProcessInfo.processInfo.activeProcessorCount
        result.pipelineEfficiency = result.feedsPerSecond / max(1e-9, rankRate * Double(result.cores))
        result.timelineCacheHitRate = Double(sum.timelineHits) / Double(max(1, sum.timelineHits + sum.timelineReads))
        result.timelineReadsPerFeed = Double(sum.timelineReads) / Double(max(1, sum.feeds))
        result.warmFeeds = warmUsers.count

        print(String(format: "generated %d feeds in %.2f s: %.0f feeds/s (%d failed)", sum.feeds, seconds,
                     result.feedsPerSecond, sum.failures))
        print(String(format: "per feed: %.1f candidates, %.1f items, %.3f Redis round trips, %.2f commands sent, %.2f commands executed by Redis (incl. inside scripts)",
                     result.candidatesPerFeed, result.itemsPerFeed, result.roundTripsPerFeed, result.commandsPerFeed,
                     result.serverCommandsPerFeed))
        if client.isCluster {
            print("cluster: \(masters) masters, \(traffic.redirections) redirections, \(traffic.clusterRetries) retries during generation")
        }
        print(String(format: "per batch of %d: %.2f ms waiting on Redis, %.2f ms computing (%.0f%% / %.0f%%)",
                     batchSize, result.millisecondsRedisPerBatch, result.millisecondsComputePerBatch,
                     100 * result.redisWaitShare, 100 * result.computeShare))
        print(String(format: "CPU per feed: %.2f ms here + %.2f ms redis-server = %.0f feeds per CPU second (load average %.1f)",
                     result.cpuMillisecondsPerFeed, result.redisCPUMillisecondsPerFeed, result.feedsPerCPUSecond,
                     loadAverage))
        print(String(format: "memory per cached item: snapshot %.1f B, page records %.1f B (%d feeds sampled); feature log on disk %.0f B per feed",
                     result.snapshotBytesPerItem, result.pageRecordBytesPerItem, itemCounts.count, result.featureLogDiskBytesPerFeed))
        print(String(format: "memory per active user (every key of the user, %d users after %d pages each): %.0f B",
                     result.memorySampleUsers, result.pagesPerSampledUser, result.bytesPerActiveUser))
        for (kind, bytes) in result.bytesByKeyKind.sorted(by: { $0.value > $1.value }) {
            print(String(format: "  %-16@ %8.0f B  %5.1f %%", kind as NSString, bytes, 100 * bytes / max(1, result.bytesPerActiveUser)))
        }
        print(String(format: "ranking alone: %.0f feeds/s on one task; pipeline efficiency %.3f (%.0f feeds/s over %d cores)",
                     result.rankFeedsPerCoreSecond, result.pipelineEfficiency, result.feedsPerSecond, result.cores))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
        return result
    }

    /// Each of `users` reads `pages` pages of 20 by last-seen item (the read path's page script,
    /// impressions and seen marks included). Returns the pages read.
    static func readPages(client: RedisClient, keys: FeedKeys, users: [UserID], pages: Int, now: Double) async throws -> Int {
        let script = FeedPageScript(keys: keys)
        var after: [UserID: PostID] = [:]
        var read = 0
        for page in 0..<pages {
            let commands = users.map { user in
                script.command(user: user, after: after[user], limit: 20, request: RequestID(UInt64(page + 1)), now: now + Double(page))
            }
            for (user, reply) in zip(users, await client.pipeline(commands)) {
                let parsed = try FeedPageScript.parse(try reply.get())
                if let last = parsed.items.last {
                    after[user] = last.post
                    read += 1
                }
            }
        }
        return read
    }

    /// `MEMORY USAGE … SAMPLES 0` of every `{u:<id>}` key of `users` (one `SCAN` of the keyspace),
    /// in total and by key kind (the name after the tag, without a generation id).
    static func userMemory(client: RedisClient, users: Set<UserID>) async throws -> (total: Double, byKind: [String: Double]) {
        var found: [(key: String, kind: String)] = []
        var cursor = "0"
        repeat {
            let reply = try await client.execute(RedisCommand("SCAN", cursor, "MATCH", FeedKeys.userKeysPattern, "COUNT", 20_000))
            guard let parts = reply.array, parts.count == 2 else { break }
            cursor = parts[0].string ?? "0"
            for element in parts[1].array ?? [] {
                guard let key = element.string, let close = key.firstIndex(of: "}"),
                    let user = UInt64(key[key.index(key.startIndex, offsetBy: 3)..<close]), users.contains(UserID(user))
                else { continue }
                var kind = String(key[key.index(after: close)...].dropFirst())
                if let colon = kind.firstIndex(of: ":"), UInt64(kind[kind.index(after: colon)...]) != nil {
                    kind = String(kind[..<colon])
                }
                found.append((key, kind))
            }
        } while cursor != "0"
        var total = 0.0
        var byKind: [String: Double] = [:]
        for start in stride(from: 0, to: found.count, by: 2_000) {
            let chunk = found[start..<min(found.count, start + 2_000)]
            let replies = await client.pipeline(chunk.map { RedisCommand("MEMORY", "USAGE", $0.key, "SAMPLES", "0") })
            for (entry, reply) in zip(chunk, replies) {
                let bytes = Double((try reply.get()).int ?? 0)
                total += bytes
                byKind[entry.kind, default: 0] += bytes
            }
        }
        return (total, byKind)
    }

    /// User plus system CPU seconds of this process, all threads.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// redis-server's CPU seconds (`used_cpu_user` + `used_cpu_sys` from `INFO cpu`), summed over
    /// the masters of a cluster.
    static func redisCPUSeconds(_ client: RedisClient) async throws -> Double {
        var total = 0.0
        for (_, result) in try await client.broadcast(RedisCommand("INFO", "cpu")) {
            let text = try result.get().string ?? ""
            for line in text.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: ":")
                if parts.count == 2, parts[0] == "used_cpu_user" || parts[0] == "used_cpu_sys" {
                    total += Double(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        return total
    }

    /// Commands executed so far by the server(s), summed over the masters: the `calls` of every
    /// `INFO commandstats` line except `INFO` itself (commands run by scripts are counted too).
    static func serverCommands(_ client: RedisClient) async throws -> Int {
        var total = 0
        for (_, result) in try await client.broadcast(RedisCommand("INFO", "commandstats")) {
            let text = try result.get().string ?? ""
            for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_") {
                guard !line.hasPrefix("cmdstat_info:"), let calls = line.split(separator: "calls=").dropFirst().first,
                    let count = Int(calls.prefix(while: \.isNumber))
                else { continue }
                total += count
            }
        }
        return total
    }

    /// The one-minute load average.
    static func loadAverage() -> Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : 0
    }
}
