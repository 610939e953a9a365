import FeedCore
import FeedStore
import FeedWarmup
import FeedWorker
import FeedWorld
import Foundation
import Logging
import MetricsTestKit
import PrefeedRedis
import PrefeedTestSupport
import Testing
import Warmup

@Suite("prefeed warmup run on a real Redis", .timeLimit(.minutes(2)))
struct WarmupRunTests {
    /// Monday 2025-12-01 00:00 UTC.
    static let monday: Double = 1_764_547_200
    static let hour: Double = 3_600
    static let day: Double = 86_400
    /// Wednesday of the fourth week, 07:30 UTC.
    static let now = monday + 23 * day + 7.5 * hour

    /// Daily habit times (hours, UTC) of the habit users: their expected arrivals today sort as
    /// 6, 5, 4, 8, 3, 2, 1 (user 7 has the same habit but a fresh feed).
    static let habits: [UInt64: Double] = [
        1: 8 + 20 / 60.0, 2: 8 + 12 / 60.0, 3: 8 + 4 / 60.0, 4: 7 + 56 / 60.0, 5: 7 + 48 / 60.0, 6: 7 + 40 / 60.0,
        7: 7 + 52 / 60.0, 8: 8,
    ]
    static let arrivalOrder: [UserID] = [6, 5, 4, 8, 3, 2, 1]

    /// Users 1–8 open the app every weekday at their habit time; user 9 on Sundays at 03:00; user
    /// 10 is active without a recorded session; user 11 has a habit but was last active 8 days ago.
    /// User 7's feed was generated 10 minutes ago (fresh at arrival), user 8's 3 hours ago (stale).
    private func seed(_ client: RedisClient, queue: JobQueue) async throws {
        let writer = SourceDataWriter(client: client, logger: quietLogger)
        var habits = Self.habits
        habits[11] = 8
        for (user, habit) in habits {
            for dayIndex in 0..<23 where dayIndex % 7 < 5 {
                try await writer.recordLogin(UserID(user), at: Self.monday + Double(dayIndex) * Self.day + habit * Self.hour)
            }
        }
        for week in 0..<3 {
            try await writer.recordLogin(9, at: Self.monday + Double(7 * week + 6) * Self.day + 3 * Self.hour)
        }
        let activity = ActivityIndex(client: client, keys: queue.keys)
        try await activity.record((1...10).map { (UserID($0), Self.now - Self.hour) })
        try await activity.record([(UserID(11), Self.now - 8 * Self.day)])
        let keys = FeedKeys()
        try await client.execute("HSET", keys.feedMeta(7), "cur", 1, "at", Self.now - 600)
        try await client.execute("HSET", keys.feedMeta(8), "cur", 1, "at", Self.now - 3 * Self.hour)
    }

    private func runner(_ queue: JobQueue, budget: Int?, metrics: TestMetrics? = nil) -> WarmupRunner {
        var configuration = WarmupRunConfiguration()
        configuration.threshold = 0.2
        configuration.maxFeedAge = 2 * Self.hour
        configuration.hourlyBudget = budget
        configuration.rate = 100_000
        configuration.scanCount = 3  // several ZSCAN pages and pipelines
        configuration.once = true
        return WarmupRunner(
            queue: queue, activity: ActivityIndex(client: queue.client, keys: queue.keys), model: PriorLoginModel(),
            configuration: configuration, metrics: metrics.map { WarmupMetrics(factory: $0) } ?? WarmupMetrics(),
            logger: quietLogger)
    }

    @Test func queuesLikelyStaleUsersByExpectedArrivalWithinTheSharedHourlyBudget() async throws {
        try await withQueue { client, queue in
            try await seed(client, queue: queue)
            let metrics = TestMetrics()

            // Budget 4: the four earliest expected arrivals, in that order.
            let first = try await runner(queue, budget: 4, metrics: metrics).pass(now: Self.now)
            #expect(first.active == 10)
            #expect(first.scored == 9 && first.noHistory == 1)
            #expect(first.unlikely == 1)  // the Sunday user
            #expect(first.fresh == 1)  // user 7
            #expect(first.enqueued == 4 && first.budgetSkipped == 3 && first.alreadyQueued == 0)
            #expect(first.budgetUsed == 4 && first.budgetLimit == 4)
            let firstJobs = try await queue.take(consumer: "c", count: 20)
            #expect(firstJobs.map(\.user) == Array(Self.arrivalOrder.prefix(4)))
            #expect(firstJobs.allSatisfy { $0.priority == .warmup && $0.reason == "predicted" })
            #expect(first.firstArrival.map { $0 > Self.now + 0.1 * Self.hour && $0 < Self.now + 0.4 * Self.hour } == true)
            #expect(first.lastArrival.map { $0 > first.firstArrival! && $0 < Self.now + Self.hour } == true)

            // The budget lives in Redis with a TTL: a second run in the same hour finds it spent.
            let budgetKey = WarmupKeys().budget(hour: WarmupBudget.hour(of: Self.now))
            #expect(try await client.execute("GET", budgetKey).int == 4)
            let ttl = try await client.execute("TTL", budgetKey).int ?? -1
            #expect(ttl > 0 && ttl <= Int64(WarmupBudget.ttlSeconds))
            let spent = try await runner(queue, budget: 4).pass(now: Self.now + 60)
            #expect(spent.enqueued == 0 && spent.alreadyQueued == 4 && spent.budgetSkipped == 3 && spent.budgetUsed == 4)

            // A larger budget in the same hour shares the count: only the three not yet queued are added.
            let larger = try await runner(queue, budget: 100).pass(now: Self.now + 60)
            #expect(larger.enqueued == 3 && larger.alreadyQueued == 4 && larger.budgetUsed == 7)
            let laterJobs = try await queue.take(consumer: "c", count: 20)
            #expect(laterJobs.map(\.user) == Array(Self.arrivalOrder.suffix(3)))

            // Nobody is queued twice: every due user now holds a marker.
            let again = try await runner(queue, budget: 100).pass(now: Self.now + 120)
            #expect(again.enqueued == 0 && again.alreadyQueued == 7 && again.budgetUsed == 7)

            // The workers generate the feeds: fresh at arrival, nobody is due any more.
            try await queue.complete(firstJobs + laterJobs, consumer: "c")
            for user in Self.arrivalOrder {
                try await client.execute("HSET", FeedKeys().feedMeta(user), "cur", 2, "at", Self.now + 150)
            }
            let afterWork = try await runner(queue, budget: 100).pass(now: Self.now + 180)
            #expect(afterWork.enqueued == 0 && afterWork.alreadyQueued == 0 && afterWork.fresh == 8)
            #expect(try await queue.depth().first { $0.priority == .warmup }?.length == 0)

            // Metrics of the first pass.
            #expect(try metrics.expectCounter("prefeed_warmup_users_scored_total").totalValue == 9)
            #expect(try metrics.expectCounter("prefeed_warmup_jobs_total").totalValue == 4)
            #expect(try metrics.expectCounter("prefeed_warmup_skipped_total", [("reason", "budget")]).totalValue == 3)
            #expect(try metrics.expectCounter("prefeed_warmup_skipped_total", [("reason", "fresh")]).totalValue == 1)
            #expect(try metrics.expectGauge("prefeed_warmup_budget_used").lastValue == 4)
        }
    }

    @Test func theBudgetScriptNeverGrantsBeyondTheLimitAndGivesBackOnlyWhatWasTaken() async throws {
        try await withQueue { (client, _) async throws in
            let budget = WarmupBudget(client: client, limit: 10)
            let hour = WarmupBudget.hour(of: Self.now)
            func take(_ count: Int, _ hour: Int64, from budget: WarmupBudget) async throws -> [Int] {
                let grant = try await budget.take(count, hour: hour)
                return [grant.granted, grant.used]
            }
            #expect(try await take(6, hour, from: budget) == [6, 6])
            #expect(try await take(6, hour, from: budget) == [4, 10])
            #expect(try await take(1, hour, from: budget) == [0, 10])
            #expect(try await budget.giveBack(3, hour: hour) == 7)
            #expect(try await take(5, hour, from: budget) == [3, 10])
            // Another hour has its own budget; giving back to an absent counter creates nothing.
            #expect(try await budget.used(hour: hour + 1) == 0)
            #expect(try await budget.giveBack(2, hour: hour + 1) == 0)
            #expect(try await client.execute("EXISTS", WarmupKeys().budget(hour: hour + 1)).int == 0)
            let unlimited = WarmupBudget(client: client, limit: nil)
            #expect(try await take(1_000_000, hour + 2, from: unlimited) == [1_000_000, 1_000_000])
        }
    }

    @Test func aTrainedModelFileDrivesTheRunToo() async throws {
        try await withQueue { client, queue in
            try await seed(client, queue: queue)
            var trainer = LoginModelTrainer()
            trainer.examplesPerUser = 60
            trainer.minimumLookback = 3 * Self.day
            let model = trainer.train(on: LoginLog(Self.trainingRows()), until: Self.monday + 21 * Self.day)
            var configuration = WarmupRunConfiguration()
            configuration.hourlyBudget = nil
            configuration.once = true
            let runner = WarmupRunner(
                queue: queue, activity: ActivityIndex(client: client, keys: queue.keys),
                model: try LoginModel(jsonData: model.jsonData()), configuration: configuration, logger: quietLogger)
            let summary = try await runner.pass(now: Self.now)
            #expect(summary.scored == 9 && summary.fresh == 1 && summary.unlikely == 1)
            #expect(summary.enqueued == 7 && summary.budgetLimit == nil && summary.budgetUsed == 7)
            let jobs = try await queue.take(consumer: "c", count: 20)
            #expect(Set(jobs.map(\.user)) == Set(Self.arrivalOrder))
        }
    }

    /// Four weeks of 40 weekday-08:00 users and 40 users at random times (as the pure tests use).
    static func trainingRows() -> [LoginRow] {
        var rows: [LoginRow] = []
        var random = SplitMix(seed: 99)
        for user in 0..<40 {
            for dayIndex in 0..<28 where dayIndex % 7 < 5 {
                let jitter: Double = (random.unit() - 0.5) * 1_200
                let time: Double = monday + Double(dayIndex) * day + 8 * hour + jitter
                rows.append(LoginRow(user: Int64(user + 1), at: time))
            }
        }
        for user in 0..<40 {
            for dayIndex in 0..<28 where random.unit() < 0.5 {
                let time: Double = monday + Double(dayIndex) * day + random.unit() * day
                rows.append(LoginRow(user: Int64(1_000 + user), at: time))
            }
        }
        return rows
    }
}

/// A tiny deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
    }
}

/// A fresh Redis server with a queue on it, stopped when `body` returns.
func withQueue<T>(_ body: (RedisClient, JobQueue) async throws -> T) async throws -> T {
    let server = try await RedisServerProcess.start()
    defer { server.stop() }
    let client = server.client()
    defer { client.shutdown() }
    let queue = JobQueue(client: client, logger: quietLogger)
    try await queue.createGroups()
    return try await body(client, queue)
}

/// A logger that prints only critical messages.
let quietLogger: Logger = {
    var logger = Logger(label: "feedwarmup.tests")
    logger.logLevel = .critical
    return logger
}()
