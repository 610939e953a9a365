import ArgumentParser
import Foundation
import PrefeedBench

/// `prefeed bench …`: benchmarks that print ratios against a reference measured in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (run with `swift run -c release`). Results go to BENCHMARKS.md.",
        subcommands: [BenchRedisCommand.self, BenchRankCommand.self, BenchGenerateCommand.self]
    )
}

/// `prefeed bench redis`: the Redis client against redis-benchmark on the same server.
struct BenchRedisCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis",
        abstract: "GET, SET and ZRANGE at concurrency 1, 8, 50 and pipelined 16, against redis-benchmark.")

    @Option(help: "Redis URL to use instead of a private redis-server started for the run.")
    var redis: String?

    @Option(help: "Connections in prefeed's pool.")
    var connections = 2

    @Option(help: "Multiplier of the request counts (1 ≈ 1–3 s per cell).")
    var scale = 1.0

    func run() async throws {
        _ = try await RedisBenchmark.run(redisURL: redis, connections: connections, scale: scale) { line in emit(line) }
    }
}

/// `prefeed bench rank`: features + value model + reranker throughput on one core.
struct BenchRankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Features, scoring (LR and 100-tree depth-6 xgboost) and reranking of 500 candidates, one core.")

    @Option(help: "Seconds per phase (LR, then GBDT).")
    var seconds = 5.0

    @Option(help: "The xgboost JSON model used for every GBDT head.")
    var model = "Ops/models/bench-gbdt-100x6.json"

    func run() throws {
        try RankBenchmark.run(seconds: seconds, gbdtModelPath: model) { line in emit(line) }
    }
}

/// `prefeed bench generate`: feed generation throughput, round trips and memory per item.
struct BenchGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate, load and regenerate feeds of a synthetic world (one server or --redis-cluster); feeds/s, round trips, commands, bytes per item.")

    @Option(help: "Users in the world.")
    var users = 100_000

    @Option(help: "Posts in the world.")
    var posts = 1_000_000

    @Option(help: "Feeds to generate in the measured phase.")
    var feeds = 20_000

    @Option(help: "Users per generation batch (one pipeline).")
    var batch = 32

    @Option(help: "Feeds generated first, for other users, so the process caches are as warm as a running worker's (0: a cold process).")
    var warmFeeds = 0

    @Option(help: "Batches in flight (a batch waits on Redis about half its time: 2 per core keep the CPU busy).")
    var concurrency = 4

    @Option(help: "Redis URL to use instead of a private redis-server started for the run.")
    var redis: String?

    /// `--redis-cluster` (an existing cluster, with the cluster key layout) and its shard count.
    @OptionGroup var target: RedisTargetOptions

    @Option(help: "Where the world's files are (generated there if missing).")
    var world: String?

    @Flag(help: "Skip loading (the world is already in --redis).")
    var skipLoad = false

    @Flag(help: "Run the private redis-server without AOF (the JSON then says \"aof\": false).")
    var noAof = false

    @Option(help: "Users whose every key is measured after generation and their page reads.")
    var memorySample = 300

    @Option(help: "Pages of 20 each sampled user reads before the memory is measured.")
    var pages = 10

    @Option(help: "Added to every id of the world at load (1000000000000000000: 19-digit ids).")
    var idOffset: Int64 = 0

    func run() async throws {
        var options = GenerateBenchmark.Options()
        options.aof = !noAof
        options.memorySampleUsers = memorySample
        options.pagesPerSampledUser = pages
        options.idOffset = idOffset
        options.users = users
        options.posts = posts
        options.feeds = feeds
        options.warmFeeds = warmFeeds
        options.batchSize = batch
        options.concurrency = concurrency
        options.redisURL = redis
        options.clusterSeeds = target.clusterSeeds
        options.store = target.store
        options.worldDirectory = world
        options.skipLoad = skipLoad
        let result = try await GenerateBenchmark.run(options: options) { line in emit(line) }
        // Rates count successful generations only; a run with failures is not a measurement.
        if result.failures > 0 { throw ExitCode(1) }
    }
}
