import FeedCore
import FeedStore
import FeedWorker
import Foundation
import PrefeedRedis
import ServiceLifecycle
import Testing

@Suite("Worker and scheduler on FeedStore", .timeLimit(.minutes(3)))
struct StoreIntegrationTests {
    @Test func workerWritesRealFeedsAndTheSchedulerFollowsModelVersions() async throws {
        try await withQueue { _, client, queue in
            let now = Date().timeIntervalSince1970
            let readers = try await loadSmallWorld(client: client, now: now, readers: 40)
            let keys = FeedKeys()
            let store = ModelStore(client: client, keys: keys, logger: quietLogger)
            let activity = ActivityIndex(client: client, keys: queue.keys)
            try await activity.record(readers.map { ($0, now) })
            var schedulerConfiguration = SchedulerConfiguration()
            schedulerConfiguration.rate = 10_000
            let scheduler = Scheduler(
                queue: queue, activity: activity, freshness: FeedMetaFreshness(client: client, keys: keys),
                configuration: schedulerConfiguration, logger: quietLogger,
                currentModelVersion: StoreModelSource.currentVersion(store))

            // No feeds yet: every active user is missing one.
            #expect(try await scheduler.pass(now: now).queued == [.missing: 40])

            var workerConfiguration = WorkerConfiguration()
            workerConfiguration.batchSize = 16
            workerConfiguration.idleBlock = .milliseconds(50)
            workerConfiguration.modelPollInterval = .milliseconds(50)
            let models = ModelWatcher(logger: quietLogger, load: StoreModelSource.loader(store))
            let worker = Worker(
                queue: queue, regenerator: FeedStoreRegenerator(generator: FeedGenerator(client: client, keys: keys, logger: quietLogger)),
                models: models, configuration: workerConfiguration, logger: quietLogger)
            let group = ServiceGroup(services: [worker], logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await waitUntil { worker.totals.done == 40 }
                let metas = await client.pipeline(readers.map { RedisCommand("HGET", keys.feedMeta($0), "model") })
                #expect(try metas.allSatisfy { try $0.get().string == BaselineModel.version })
                // Fresh feeds of the current model: nothing is due.
                #expect(try await scheduler.pass(now: now + 60).totalQueued == 0)

                // A new model is published: the scheduler queues every feed, the worker reloads and re-ranks.
                var file = BaselineModel.file
                file.modelVersion = "lr-test-2"
                try await store.publish(version: "lr-test-2", json: Array(try file.encoded()), at: now)
                try await waitUntil { models.current?.version == "lr-test-2" }
                #expect(try await scheduler.pass(now: now + 120).queued == [.model: 40])
                try await waitUntil { worker.totals.done == 80 }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let metas = await client.pipeline(readers.map { RedisCommand("HGET", keys.feedMeta($0), "model") })
            #expect(try metas.allSatisfy { try $0.get().string == "lr-test-2" })
            #expect(try await scheduler.pass(now: now + 180).totalQueued == 0)
            #expect(try await queue.isDrained())

            // Every key has a TTL, except those bounded by trimming: job streams (entries deleted when
            // done; the key carries the consumer group), the active index, global sets (the follower
            // index included), the model registry.
            let trimmed = ["jobs:", "active:", "popular:", "trending:", "followers:", "models:"]
            var cursor = "0"
            var withoutTTL: [String] = []
            repeat {
                let reply = try await client.execute("SCAN", cursor, "COUNT", 1000).array ?? []
                cursor = reply.first?.string ?? "0"
                let names = (reply.last?.array ?? []).compactMap(\.string)
                let ttls = await client.pipeline(names.map { RedisCommand("TTL", $0) })
                for (name, ttl) in zip(names, ttls) where try ttl.get().int == -1 {
                    if !trimmed.contains(where: { name.hasPrefix($0) }) { withoutTTL.append(name) }
                }
            } while cursor != "0"
            #expect(withoutTTL.isEmpty, "keys without TTL: \(withoutTTL.prefix(10))")
        }
    }
}
