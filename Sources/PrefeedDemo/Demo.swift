import FeedCore
import FeedServer
import FeedStore
import FeedWorker
import FeedWorld
import ServiceLifecycle
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport

/// `prefeed demo`: the main job end to end on a local default. Each step prints what it did.
///
/// 1. starts a local redis-server through `Ops/redis-up` (port 6390, data in `var/demo-redis`);
/// 2. shows a real round trip: a command, a pipeline, a script;
/// 3. generates a synthetic world (`var/demo-world`);
/// 4. loads it into Redis (`FeedLoader`, the code behind `prefeed load`);
/// 5. enqueues every user and runs a worker until the queue is drained;
/// 6. reads a few users' feeds page by page by last-seen item (each read records an impression);
/// 7. serves the read path over HTTP on 127.0.0.1 and scrolls, likes and hides through it with JWTs.
/// 8. runs one warm-up pass (`DemoWarmup`): who is likely to open the app within the hour, queued first.
public struct Demo: Sendable {
    public struct Options: Sendable {
        public var port = 6390
        public var dataDirectory = "var/demo-redis"
        public var worldDirectory = "var/demo-world"
        /// Where the worker and the read path's inline generations log features (the join's input).
        public var featureLogDirectory = "var/demo-feature-log"
        public var users = 2_000
        public var posts = 20_000
        public var keepRedis = false
        public var httpPort = 8090
        public init() {}
    }

    let options: Options
    let logger: Logger
    let say: @Sendable (String) -> Void

    public init(options: Options, logger: Logger, say: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.logger = logger
        self.say = say
    }

    public func run() async throws {
        say("== 1. Redis: starting a local redis-server with Ops/redis.conf on 127.0.0.1:\(options.port)")
        let redis = try LocalRedis.start(port: options.port, dataDirectory: options.dataDirectory)
        defer {
            if options.keepRedis {
                say("Redis left running on 127.0.0.1:\(options.port); stop it with Ops/redis-down \(options.port) \(options.dataDirectory)")
            } else {
                do { try redis.stop() } catch { say("could not stop Redis: \(error)") }
            }
        }
        let client = RedisClient(configuration: redis.configuration, logger: logger)
        defer { client.shutdown() }

        try await roundTrip(client)
        let world = try generateWorld()
        let keys = FeedKeys()
        try await load(world, client: client, keys: keys)
        try await generateFeeds(users: world.manifest.counts.users, client: client, keys: keys)
        try await scroll(client: client, keys: keys, users: world.manifest.counts.users)
        try await serveAndScroll(client: client, redis: redis, users: world.manifest.counts.users)
        try await warmUp(client: client, keys: keys, world: world)
    }

    /// The script of the round-trip step: the TTL of its key (`Scripts/demo-ttl.lua`).
    static let ttlScript = RedisScript(LuaScripts.demoTtl)

    private func roundTrip(_ client: RedisClient) async throws {
        say("== 2. A round trip through the hiredis client")
        let started = ContinuousClock.now
        let pong = try await client.execute("PING")
        say("PING -> \(pong) in \(started.duration(to: .now))")
        let results = await client.pipeline([
            RedisCommand("SET", FeedKeys.demo("hello"), "world", "EX", 60),
            RedisCommand("GET", FeedKeys.demo("hello")),
            RedisCommand("INCR", FeedKeys.demo("counter")),
            RedisCommand("EXPIRE", FeedKeys.demo("counter"), 60),
        ])
        say("pipeline of 4 commands, one round trip -> \(try results.map { try $0.get().description }.joined(separator: ", "))")
        let script = Self.ttlScript
        let ttl = try await client.run(script, keys: [FeedKeys.demo("hello")], arguments: [])
        say("script \(script.sha1.prefix(12))… by EVALSHA -> TTL \(ttl)")
        let stats = client.statistics.snapshot
        say("client: \(stats.commands) commands in \(stats.roundTrips) round trips")
    }

    private func generateWorld() throws -> WorldSummary {
        say("== 3. A synthetic world of \(options.users) users and \(options.posts) posts in \(options.worldDirectory)")
        var config = WorldConfig(users: options.users, posts: options.posts, days: 14)
        config.endTime = Date().timeIntervalSince1970.rounded(.down)
        let summary = try FeedWorld.generateWorld(config: config, into: URL(fileURLWithPath: options.worldDirectory))
        let counts = summary.counts
        say("""
            generated in \(String(format: "%.1f", summary.elapsedSeconds)) s: \(counts.users) users, \
            \(counts.follows) follows, \(counts.posts) posts, \(counts.actions) actions, \(counts.logins) logins
            """)
        return summary
    }

    private func load(_ world: WorldSummary, client: RedisClient, keys: FeedKeys) async throws {
        say("== 4. Loading the world into Redis (pipelined batches)")
        try await client.execute("FLUSHDB")
        let summary = try await FeedLoader(client: client, keys: keys, logger: logger)
            .load(directory: world.directory, format: nil) { _ in }
        for (file, counts) in summary.files.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            say("  \(file.rawValue): \(counts.loaded) loaded, \(counts.rejected) rejected")
        }
        let keyCount = try await client.execute("DBSIZE").int ?? 0
        say("  \(keyCount) keys in Redis")
    }

    private func generateFeeds(users: Int, client: RedisClient, keys: FeedKeys) async throws {
        say("== 5. Enqueueing \(users) users and running a worker until the queue is empty")
        let queue = JobQueue(client: client, configuration: JobQueueConfiguration(), logger: logger)
        try await queue.createGroups()
        let ids = (1...users).map { UserID(UInt64($0)) }
        var enqueued = 0
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let outcomes = try await queue.enqueue(Array(ids[chunk..<min(chunk + 500, ids.count)]), priority: .scheduled, reason: "demo")
            enqueued += outcomes.count
        }
        var configuration = WorkerConfiguration()
        configuration.concurrency = 2
        configuration.batchSize = 32
        configuration.exitWhenDrained = true
        let worker = Worker(
            queue: queue,
            regenerator: FeedStoreRegenerator(generator: FeedGenerator(
                client: client, keys: keys,
                featureLog: try FeatureLogSegmentWriter(directory: URL(fileURLWithPath: options.featureLogDirectory), logger: logger),
                logger: logger)),
            models: ModelWatcher(logger: logger, load: StoreModelSource.loader(ModelStore(client: client, keys: keys, logger: logger))),
            configuration: configuration, logger: logger)
        let started = ContinuousClock.now
        let before = client.statistics.snapshot
        try await worker.run()
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let totals = worker.totals
        let roundTrips = client.statistics.snapshot.since(before).roundTrips
        say(String(format: "  %d jobs enqueued, %d feeds generated in %.1f s (%.0f feeds/s, %.2f Redis round trips per feed), %d dead letters",
                   enqueued, totals.done, seconds, Double(totals.done) / max(seconds, 0.001),
                   Double(roundTrips) / Double(max(totals.done, 1)), totals.deadLettered))
    }

    private func scroll(client: RedisClient, keys: FeedKeys, users: Int) async throws {
        say("== 6. Scrolling three users' feeds by last-seen item (each page is one EVALSHA that records an impression)")
        let script = FeedPageScript(keys: keys)
        let now = Date().timeIntervalSince1970
        for user in [1, users / 2, users].map({ UserID(UInt64($0)) }) {
            var after: PostID?
            var generation: GenerationID?
            for pageNumber in 1...3 {
                let page = try await script.read(
                    client: client, user: user, after: after, limit: 5,
                    request: RequestID(UInt64.random(in: 1...UInt64.max)), now: now, generation: generation)
                guard page.found else {
                    say("  user \(user): no feed")
                    break
                }
                if pageNumber == 1 {
                    say("  user \(user): generation \(page.generation.map { "\($0)" } ?? "?"), model \(page.modelVersion)")
                }
                for item in page.items {
                    let record = item.record
                    say(String(format: "    #%-3d post %-8@ author %-6@ score %7.3f  %@%@",
                               item.position, "\(item.post)", record.map { "\($0.author)" } ?? "?",
                               Double(record?.score ?? .nan), record.map { "\($0.reason)" } ?? "",
                               record.map { " \($0.mediaType)" } ?? ""))
                }
                after = page.items.last?.post
                generation = page.generation
                if page.items.isEmpty { break }
            }
        }
        let impressions = try await client.execute("XLEN", keys.impressionShards[0]).int ?? 0
        say("  impressions recorded: \(impressions) (stream \(keys.impressionShards.first.map { "\($0)" } ?? "?"))")
    }

    private func serveAndScroll(client: RedisClient, redis: LocalRedis, users: Int) async throws {
        say("== 7. The read path over HTTP: prefeed serve on 127.0.0.1:\(options.httpPort), pages by last-seen item, a like and a hide")
        var secretBytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in secretBytes.indices { secretBytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let secret = JWTSecret(keyID: "demo", secret: secretBytes)
        var configuration = ServerConfiguration(redis: redis.configuration, jwtKeys: [secret])
        configuration.port = options.httpPort
        configuration.featureLog = try FeatureLogSegmentWriter(
            directory: URL(fileURLWithPath: options.featureLogDirectory), logger: logger)
        var quiet = logger
        quiet.logLevel = .warning
        let app = await buildApplication(configuration: configuration, logger: quiet, redis: client)
        // A ServiceGroup, so that the demo ends the server the way SIGTERM does in production:
        // graceful shutdown lets open requests finish instead of cancelling them.
        let group = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        let server = Task { try await group.run() }
        do {
            try await scrollOverHTTP(client: client, secret: secret, users: users)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await server.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await server.value
    }

    private func scrollOverHTTP(client: RedisClient, secret: JWTSecret, users: Int) async throws {
        let signer = await TokenSigner(secret: secret)
        let user = UserID(UInt64(max(1, users / 3)))
        let now = Date().timeIntervalSince1970
        let http = LoopbackHTTPClient(baseURL: "http://127.0.0.1:\(options.httpPort)")
        let token = try await signer.token(for: user, now: now)
        var ready = false
        for _ in 0..<100 {
            if let health = try? await http.get("/readyz", token: ""), health.status == 200 { ready = true; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard ready else {
            throw DemoError("the HTTP server did not become ready on 127.0.0.1:\(options.httpPort) within 5 s (port in use? pass --http-port)")
        }
        let impressionsBefore = try await impressionCount(client)
        var after: String?
        var firstItem: FeedPageResponse.Item?
        var firstRequest = ""
        for pageNumber in 1...3 {
            let path = "/v1/feed?limit=5" + (after.map { "&after=\($0)" } ?? "")
            let response = try await http.get(path, token: token)
            guard response.status == 200 else {
                say("  GET \(path) -> \(response.status) \(String(decoding: response.body, as: UTF8.self))")
                return
            }
            let page = try JSONDecoder().decode(FeedPageResponse.self, from: response.body)
            say("  GET \(path) -> 200, user \(user), page \(pageNumber), source \(page.source), generation \(page.generation), request \(page.requestID)")
            for item in page.items {
                say(String(format: "    #%-3d post %-8@ author %-6@ score %7.3f  %@", item.position, "\(item.id)", "\(item.author)", Double(item.score), item.reason))
            }
            if firstItem == nil {
                firstItem = page.items.first
                firstRequest = page.requestID
            }
            guard let next = page.next else { break }
            after = "\(next.after)"
        }
        if let item = firstItem {
            let body: [String: Any] = ["actions": [
                ["client_event_id": "demo-like-1", "request_id": firstRequest, "item_id": item.id.rawValue, "action": "like", "client_time": now],
                ["client_event_id": "demo-hide-1", "request_id": firstRequest, "item_id": item.id.rawValue, "action": "hide", "client_time": now],
            ]]
            let json = try JSONSerialization.data(withJSONObject: body)
            let first = try await http.post("/v1/actions", json: json, token: token)
            let again = try await http.post("/v1/actions", json: json, token: token)
            say("  POST /v1/actions (like + hide of post \(item.id) by author \(item.author)) -> \(first.status) \(String(decoding: first.body, as: UTF8.self))")
            say("  the same batch again (idempotent by client event id) -> \(again.status) \(String(decoding: again.body, as: UTF8.self))")
            let reread = try await http.get("/v1/feed?limit=20", token: token)
            if reread.status == 200, let page = try? JSONDecoder().decode(FeedPageResponse.self, from: reread.body) {
                let stillThere = page.items.contains { $0.author == item.author }
                say("  next page after the hide: \(page.items.count) items, author \(item.author) \(stillThere ? "STILL PRESENT" : "gone")")
            }
        }
        let impressionsAfter = try await impressionCount(client)
        say("  impressions recorded by these HTTP pages: \(impressionsAfter - impressionsBefore)")
        let metrics = try await http.get("/metrics", token: token)
        let lines = String(decoding: metrics.body, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }
        say("  GET /metrics -> \(metrics.status), \(lines.count) samples, e.g. \(lines.first { $0.contains("impression") } ?? lines.first ?? "")")
    }

    private func impressionCount(_ client: RedisClient) async throws -> Int {
        var total = 0
        for key in FeedKeys().impressionShards {
            total += Int(try await client.execute("XLEN", key).int ?? 0)
        }
        return total
    }
}
