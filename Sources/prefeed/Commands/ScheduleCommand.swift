import ArgumentParser
import FeedStore
import FeedWorker
import Logging
import PrefeedRedis

/// `prefeed schedule`: queues stale, dirty and old-model feeds of active users at a bounded rate.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Queue regeneration of active users' stale feeds at a bounded rate; see docs/JOBS.md.")

    @OptionGroup var redis: RedisOptions

    @OptionGroup var metrics: MetricsOptions

    @Option(help: "Jobs queued per second at most.")
    var rate = 200.0

    @Option(help: "Hours after which a feed is stale.")
    var maxAgeHours = 4.0

    @Option(help: "New posts by followed authors that make a feed dirty (0: ignore).")
    var dirtyThreshold = 20

    @Option(help: "Days of inactivity after which a user's feed is no longer regenerated.")
    var inactiveDays = 7.0

    @Option(help: "Seconds between the starts of two passes.")
    var interval = 60.0

    @Option(help: "Pause queueing while this many scheduled jobs wait.")
    var maxBacklog = 50_000

    @OptionGroup var jobShards: JobShardOptions

    @Flag(help: "Run one pass and exit.")
    var once = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard rate > 0, maxAgeHours > 0, inactiveDays > 0, interval > 0 else {
            throw ValidationError("rates, ages and intervals must be positive")
        }
    }

    func run() async throws {
        var logger = Logger(label: "prefeed.schedule")
        logger.logLevel = logLevel
        let exporter = metrics.bootstrap(logger: logger)
        let client = try redis.client(name: "prefeed-schedule", logger: logger)
        defer { client.shutdown() }

        var queueConfiguration = JobQueueConfiguration()
        queueConfiguration.shards = jobShards.shards
        var configuration = SchedulerConfiguration()
        configuration.rate = rate
        configuration.maxAge = maxAgeHours * 3_600
        configuration.dirtyThreshold = dirtyThreshold
        configuration.inactiveAfter = inactiveDays * 86_400
        configuration.passInterval = .milliseconds(Int(interval * 1000))
        configuration.maxBacklog = maxBacklog
        configuration.once = once

        let keys = redis.keys
        let queue = JobQueue(client: client, configuration: queueConfiguration, logger: logger)
        let scheduler = Scheduler(
            queue: queue,
            activity: ActivityIndex(client: client, keys: jobShards.keys),
            freshness: FeedMetaFreshness(client: client, keys: keys, newPostsCap: dirtyThreshold),
            configuration: configuration, logger: logger,
            currentModelVersion: StoreModelSource.currentVersion(ModelStore(client: client, keys: keys, logger: logger)))
        try await ServiceRunner.run(scheduler, alongside: exporter?.services ?? [], logger: logger)
    }
}
