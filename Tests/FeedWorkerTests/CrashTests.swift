import FeedCore
import FeedStore
import FeedWorker
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The crash test of issue 5: a real `prefeed worker` process is killed with SIGKILL while batches
/// are in flight; a second one (`--once`) claims the dead worker's jobs and drains the queue.
///
/// Exactly-once is checked on the completion log: the worker runs with `--completion-log`, which
/// appends each job to a stream **in the same script as its `XACK`**, and only when the `XACK`
/// removed the entry from the pending list. A job is thus logged exactly when it leaves the queue
/// as done, whichever worker finished it; a regeneration redone after the crash (at-least-once
/// generation, idempotent per generation id) cannot log it twice.
///
/// It runs twice: on one Redis server, and on a local Redis Cluster of 3 masters and 3 replicas
/// (`--redis-cluster`, job streams in 3 shards, the cluster key layout).
@Suite("Crash safety with real worker processes", .serialized, .timeLimit(.minutes(5)))
struct CrashTests {
    @Test(arguments: [false, true])
    func killNineMidBatchThenAnotherWorkerFinishesEveryJobExactlyOnce(onCluster: Bool) async throws {
        let prefeed = try PrefeedExecutable.locate()
        try prefeed.requireSubcommand("worker")
        let client: RedisClient
        let target: [String]
        let directory: URL
        let keys: FeedKeys
        let shards = onCluster ? 3 : 1
        let stop: @Sendable () -> Void
        if onCluster {
            let cluster = try await RedisClusterProcess.start(maximumConnections: 8)
            stop = { cluster.stop() }
            client = cluster.client()
            target = ["--redis-cluster", cluster.seedList, "--shards", String(shards)]
            directory = cluster.nodes[0].directory
            keys = FeedKeys(configuration: .cluster())
        } else {
            let server = try await RedisServerProcess.start(maximumConnections: 8)
            stop = { server.stop() }
            client = server.client()
            target = ["--redis", "redis://127.0.0.1:\(server.port)"]
            directory = server.directory
            keys = FeedKeys()
        }
        defer { stop() }
        defer { client.shutdown() }
        let now = Date().timeIntervalSince1970
        let readers = try await loadSmallWorld(client: client, keys: keys, now: now, readers: 300)

        var queueConfiguration = JobQueueConfiguration()
        queueConfiguration.shards = shards
        queueConfiguration.reclaimIdle = .seconds(1)
        let queue = JobQueue(client: client, configuration: queueConfiguration, logger: quietLogger)
        try await queue.createGroups()
        // A job is identified by priority, user and entry id: entry ids repeat across stream shards.
        var enqueued: [String] = []
        for (slice, priority) in zip([0..<100, 100..<200, 200..<300], [JobPriority.interactive, .warmup, .scheduled]) {
            let users = Array(readers[slice])
            let outcomes = try await queue.enqueue(users, priority: priority, reason: "test")
            enqueued += zip(users, outcomes).compactMap { user, outcome in
                outcome.entryID.map { "\(priority)/\(user.rawValue)/\($0)" }
            }
        }
        #expect(enqueued.count == 300)

        let log = directory.appendingPathComponent("workers.log")
        let common = ["worker"] + target + ["--feature-log-dir", directory.appendingPathComponent("feature-log").path, "--reclaim-idle", "1",
                      "--completion-log", "100000", "--batch", "8", "--concurrency", "2", "--log-level", "notice"]
        let first = try prefeed.start(common + ["--consumer", "doomed", "--pause-before-ack-ms", "250"], log: log)
        // Kill it once some jobs are done and others are delivered but not acknowledged.
        var pendingAtKill = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let done = try await queue.completions().count
            let pending = try await queue.depth().reduce(0) { $0 + $1.pending }
            if done >= 16, pending > 0 {
                kill(first.processIdentifier, SIGKILL)
                pendingAtKill = pending
                break
            }
            guard first.isRunning else {
                Issue.record("the first worker exited early; see \(log.path)")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal && first.terminationStatus == SIGKILL)
        let doneBeforeCrash = try await queue.completions().count
        #expect(pendingAtKill > 0 && doneBeforeCrash < 300, "the kill must land mid-batch")

        let second = try prefeed.start(common + ["--consumer", "survivor", "--once"], log: log)
        let status = try await waitForExit(second, timeout: .seconds(120))
        #expect(status == 0, "the second worker must drain the queue and exit 0; see \(log.path)")

        // Every enqueued job is done exactly once, none dead-lettered, nothing left in the queue.
        let completions = try await queue.completions()
        let bySurvivor = completions.filter { $0.consumer.hasPrefix("survivor") }.count
        print("crash test\(onCluster ? " on a 3+3 cluster" : ""): killed with \(pendingAtKill) jobs pending and \(doneBeforeCrash) done; the survivor finished \(bySurvivor)")
        let counts = Dictionary(
            completions.map { ("\($0.priority)/\($0.user?.rawValue ?? 0)/\($0.jobID)", 1) }, uniquingKeysWith: +)
        #expect(Set(counts.keys) == Set(enqueued))
        #expect(counts.values.allSatisfy { $0 == 1 })
        #expect(completions.count == 300)
        #expect(completions.contains { $0.consumer.hasPrefix("doomed") })
        #expect(completions.contains { $0.consumer.hasPrefix("survivor") })
        #expect(try await queue.deadLetters().isEmpty)
        #expect(try await queue.isDrained())
        for user in readers {
            #expect(try await queue.isQueued(user) == false)
        }
        // And every user has a real feed: a current generation whose snapshot exists and holds items.
        let metas = await client.pipeline(readers.map { RedisCommand("HMGET", keys.feedMeta($0), "cur", "n") })
        let fields = try metas.map { try $0.get().array ?? [] }
        let generations = fields.map { $0.first?.int.map { GenerationID(UInt64($0)) } }
        #expect(generations.allSatisfy { $0 != nil })
        #expect(fields.allSatisfy { ($0.last?.int ?? 0) > 0 })
        let exists = await client.pipeline(zip(readers, generations).compactMap { user, generation in
            generation.map { RedisCommand("EXISTS", keys.snapshot(user, $0)) }
        })
        #expect(try exists.allSatisfy { try $0.get().int == 1 })
    }
}
