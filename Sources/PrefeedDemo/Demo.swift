import FeedWorld
import Foundation
import Logging
import PrefeedRedis

/// `prefeed demo`: the main job end to end on a local default. Each step prints what it did.
///
/// 1. starts a local redis-server through `Ops/redis-up` (port 6390, data in `var/demo-redis`);
/// 2. shows a real round trip: a command, a pipeline, a script;
/// 3. generates a synthetic world (`var/demo-world`).
public struct Demo: Sendable {
    public struct Options: Sendable {
        public var port = 6390
        public var dataDirectory = "var/demo-redis"
        public var worldDirectory = "var/demo-world"
        public var users = 2_000
        public var posts = 20_000
        public var keepRedis = false
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
        try generateWorld()
    }

    private func roundTrip(_ client: RedisClient) async throws {
        say("== 2. A round trip through the hiredis client")
        let started = ContinuousClock.now
        let pong = try await client.execute("PING")
        say("PING -> \(pong) in \(started.duration(to: .now))")
        let results = await client.pipeline([
            RedisCommand("SET", "demo:{hello}", "world", "EX", 60),
            RedisCommand("GET", "demo:{hello}"),
            RedisCommand("INCR", "demo:{counter}"),
            RedisCommand("EXPIRE", "demo:{counter}", 60),
        ])
        say("pipeline of 4 commands, one round trip -> \(try results.map { try $0.get().description }.joined(separator: ", "))")
        let script = RedisScript("return redis.call('TTL', KEYS[1])")
        let ttl = try await client.run(script, keys: ["demo:{hello}"], arguments: [])
        say("script \(script.sha1.prefix(12))… by EVALSHA -> TTL \(ttl)")
        let stats = client.statistics.snapshot
        say("client: \(stats.commands) commands in \(stats.roundTrips) round trips")
    }

    private func generateWorld() throws {
        say("== 3. A synthetic world of \(options.users) users and \(options.posts) posts in \(options.worldDirectory)")
        var config = WorldConfig(users: options.users, posts: options.posts, days: 14)
        config.endTime = Date().timeIntervalSince1970.rounded(.down)
        let summary = try FeedWorld.generateWorld(config: config, into: URL(fileURLWithPath: options.worldDirectory))
        let counts = summary.counts
        say("""
            generated in \(String(format: "%.1f", summary.elapsedSeconds)) s: \(counts.users) users, \
            \(counts.follows) follows, \(counts.posts) posts, \(counts.actions) actions, \(counts.logins) logins
            """)
    }
}
