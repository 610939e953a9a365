import ArgumentParser
import FeedWorker
import Logging
import PrefeedRedis

/// `prefeed count-impressions`: folds the impressions streams into the posts' and authors'
/// impression buckets (the engagement rates' denominators) until SIGTERM, or once with `--once`.
struct CountImpressionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count-impressions",
        abstract: "Count served impressions into the posts' and authors' hourly buckets (engagement-rate features); see docs/JOBS.md.")

    @OptionGroup var redis: RedisOptions

    @OptionGroup var metrics: MetricsOptions

    @Option(help: "Entries read per shard per round.")
    var batch = 1_000

    @Option(help: "Seconds to sleep after a round that found nothing.")
    var pollInterval = 1.0

    @Flag(help: "Exit once every impressions shard is drained.")
    var once = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard batch >= 1, pollInterval > 0 else { throw ValidationError("--batch must be at least 1 and --poll-interval positive") }
    }

    func run() async throws {
        var logger = Logger(label: "prefeed.count-impressions")
        logger.logLevel = logLevel
        let exporter = metrics.bootstrap(logger: logger)
        let client = try redis.client(name: "prefeed-count-impressions", logger: logger)
        defer { client.shutdown() }
        var configuration = ImpressionCounterConfiguration()
        configuration.readCount = batch
        configuration.pollInterval = .milliseconds(Int(pollInterval * 1_000))
        configuration.once = once
        let counter = ImpressionCounter(client: client, keys: redis.keys, configuration: configuration, logger: logger)
        try await ServiceRunner.run(counter, alongside: exporter?.services ?? [], logger: logger)
        exporter?.writeFile()
        let counted = counter.counted
        emit("count-impressions: \(counted.impressions) impressions from \(counted.entries) page reads")
    }
}
