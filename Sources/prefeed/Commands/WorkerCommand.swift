import ArgumentParser
import FeedStore
import FeedWorker
import Logging
import PrefeedRedis

/// `prefeed worker`: regenerates queued feeds until SIGTERM (or, with `--once`, until the queue is empty).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Regenerate queued feeds (interactive > warm-up > scheduled); see docs/JOBS.md.")

    @OptionGroup var redis: RedisOptions

    @OptionGroup var metrics: MetricsOptions

    @OptionGroup var featureLog: FeatureLogOptions

    @Option(help: "Concurrent loops, each with one batch in flight (about 2 per core).")
    var concurrency = 4

    @Option(help: "Users per batch (one generator call).")
    var batch = 32

    @Flag(help: "Exit once every job stream is empty.")
    var once = false

    @Option(help: "Stream shards per priority (all workers, schedulers and producers must agree).")
    var shards = 1

    @Option(help: "Deliveries of a job before it goes to the dead letters.")
    var maxAttempts = 5

    @Option(help: "Seconds a delivered job may stay unacknowledged before another worker claims it.")
    var reclaimIdle = 30.0

    @Option(help: "Consumer name prefix (default <host>-<pid>).")
    var consumer: String?

    @Option(help: "Seconds a graceful shutdown may take before in-flight work is cancelled.")
    var shutdownTimeout = 60.0

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(help: ArgumentHelp("Log each acknowledged job to a completion stream of about this many entries (tests).",
                               visibility: .hidden))
    var completionLog = 0

    @Option(help: ArgumentHelp("Pause after each batch's generation, before its acknowledgement, ms (crash tests).",
                               visibility: .hidden))
    var pauseBeforeAckMs = 0

    func validate() throws {
        guard concurrency >= 1, batch >= 1, shards >= 1, maxAttempts >= 1 else {
            throw ValidationError("--concurrency, --batch, --shards and --max-attempts must be at least 1")
        }
        guard reclaimIdle > 0 else { throw ValidationError("--reclaim-idle must be positive") }
    }

    func run() async throws {
        var logger = Logger(label: "prefeed.worker")
        logger.logLevel = logLevel
        let exporter = metrics.bootstrap(logger: logger)
        let client = try redis.client(name: "prefeed-worker", connections: concurrency + 2, logger: logger)
        defer { client.shutdown() }

        var queueConfiguration = JobQueueConfiguration()
        queueConfiguration.shards = shards
        queueConfiguration.maxAttempts = maxAttempts
        queueConfiguration.reclaimIdle = .milliseconds(Int(reclaimIdle * 1000))
        queueConfiguration.completionLogMaxLength = completionLog
        var configuration = WorkerConfiguration()
        configuration.concurrency = concurrency
        configuration.batchSize = batch
        configuration.exitWhenDrained = once
        if let consumer { configuration.consumerName = consumer }
        if pauseBeforeAckMs > 0 { configuration.pauseBeforeAcknowledge = .milliseconds(pauseBeforeAckMs) }

        let keys = redis.keys
        let worker = Worker(
            queue: JobQueue(client: client, configuration: queueConfiguration, logger: logger),
            regenerator: FeedStoreRegenerator(generator: FeedGenerator(
                client: client, keys: keys, featureLog: try featureLog.writer(logger: logger), logger: logger)),
            models: ModelWatcher(logger: logger, load: StoreModelSource.loader(ModelStore(client: client, keys: keys, logger: logger))),
            configuration: configuration, logger: logger)
        try await ServiceRunner.run(worker, alongside: exporter?.services ?? [], shutdownTimeout: .milliseconds(Int(shutdownTimeout * 1000)), logger: logger)
        let totals = worker.totals
        emit("worker done: \(totals.done) jobs done, \(totals.failed) failed attempts, \(totals.deadLettered) dead letters")
    }
}
