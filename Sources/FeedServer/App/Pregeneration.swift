import FeedCore
import FeedStore
import Logging
import PrefeedRedis

/// Generates the feeds of a range of users before serving (benchmarks and cold starts of a test
/// environment): batches of users through ``FeedGenerator`` with the registry's current model,
/// `concurrency` batches in flight.
public enum Pregeneration {
    /// Generates the feeds of `users`; returns how many were written with at least one item.
    public static func run(
        users: ClosedRange<UInt64>, redis: RedisConfiguration, store: StoreConfiguration = .default, batchSize: Int = 64,
        concurrency: Int = 2, featureLog: FeatureLogSegmentWriter? = nil, logger: Logger
    ) async throws -> Int {
        let client = RedisClient(configuration: redis, logger: logger)
        defer { client.shutdown() }
        let keys = FeedKeys(configuration: store)
        let generator = FeedGenerator(client: client, keys: keys, featureLog: featureLog, logger: logger)
        let model = try await ModelStore(client: client, keys: keys, logger: logger).currentValueModel()
        let batches = stride(from: users.lowerBound, through: users.upperBound, by: batchSize).map { start in
            (start...min(users.upperBound, start + UInt64(batchSize) - 1)).map(UserID.init)
        }
        var written = 0
        var next = 0
        try await withThrowingTaskGroup(of: Int.self) { group in
            func submit() {
                guard next < batches.count else { return }
                let batch = batches[next]
                next += 1
                group.addTask {
                    let results = await generator.generate(
                        users: batch, model: model, modelVersion: model.version, now: UnixClock.wall.now)
                    return results.filter { (try? $0.get().items.isEmpty) == false }.count
                }
            }
            for _ in 0..<max(1, concurrency) { submit() }
            while let count = try await group.next() {
                written += count
                submit()
            }
        }
        return written
    }
}
