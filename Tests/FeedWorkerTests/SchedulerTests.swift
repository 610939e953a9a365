import FeedCore
import FeedStore
import FeedWorker
import Foundation
import PrefeedRedis
import Testing

/// Feed states given by the test.
struct FixedFreshness: FeedFreshnessReading {
    var states: [UserID: FeedFreshness]
    func freshness(of users: [UserID]) async throws -> [FeedFreshness] {
        users.map { states[$0] ?? FeedFreshness(generatedAt: nil, modelVersion: nil) }
    }
}

@Suite("Scheduler on a real Redis", .timeLimit(.minutes(2)))
struct SchedulerTests {
    let now = 1_800_000_000.0

    private func scheduler(
        _ queue: JobQueue, _ freshness: any FeedFreshnessReading, rate: Double = 10_000,
        model: String? = "m2"
    ) -> Scheduler {
        var configuration = SchedulerConfiguration()
        configuration.rate = rate
        configuration.maxAge = 4 * 3_600
        configuration.dirtyThreshold = 20
        configuration.scanCount = 7
        return Scheduler(
            queue: queue, activity: ActivityIndex(client: queue.client, keys: queue.keys),
            freshness: freshness, configuration: configuration, logger: quietLogger,
            currentModelVersion: { model })
    }

    @Test func queuesMissingStaleDirtyAndOldModelFeedsOfActiveUsersOnly() async throws {
        try await withQueue { _, client, queue in
            let activity = ActivityIndex(client: client, keys: queue.keys)
            try await activity.record(users(1...6).map { ($0, now - 3_600) })
            try await activity.record([(UserID(7), now - 8 * 86_400)])  // inactive: never regenerated
            let fresh = FeedFreshness(generatedAt: now - 600, modelVersion: "m2", newPostsSince: 3)
            let states: [UserID: FeedFreshness] = [
                2: FeedFreshness(generatedAt: now - 5 * 3_600, modelVersion: "m2"),
                3: FeedFreshness(generatedAt: now - 600, modelVersion: "m2", newPostsSince: 25),
                4: FeedFreshness(generatedAt: now - 600, modelVersion: "m1"),
                5: fresh, 6: fresh, 7: FeedFreshness(generatedAt: nil, modelVersion: nil),
            ]
            let scheduler = scheduler(queue, FixedFreshness(states: states))
            let summary = try await scheduler.pass(now: now)
            #expect(summary.scanned == 6)
            #expect(summary.trimmedInactive == 1)
            #expect(summary.queued == [.missing: 1, .stale: 1, .dirty: 1, .model: 1])
            let jobs = try await queue.take(consumer: "c", count: 10)
            #expect(Set(jobs.map(\.user)) == [1, 2, 3, 4])
            #expect(jobs.allSatisfy { $0.priority == .scheduled })
            #expect(Dictionary(uniqueKeysWithValues: jobs.map { ($0.user, $0.reason) }) ==
                    [1: "missing", 2: "stale", 3: "dirty", 4: "model"])
            #expect(try await activity.lastActivity(of: 7) == nil)

            // A second pass while they are still queued adds nothing.
            let again = try await scheduler.pass(now: now)
            #expect(again.totalQueued == 0 && again.alreadyQueued == 4)
        }
    }

    @Test func queuesAtTheConfiguredRate() async throws {
        try await withQueue { _, _, queue in
            let activity = ActivityIndex(client: queue.client, keys: queue.keys)
            try await activity.record(users(1...60).map { ($0, now) })
            let started = ContinuousClock.now
            let summary = try await scheduler(queue, FixedFreshness(states: [:]), rate: 40).pass(now: now)
            let elapsed = ContinuousClock.now - started
            #expect(summary.totalQueued == 60)
            // 60 jobs at 40/s from an empty bucket: about 1.5 s.
            #expect(elapsed >= .milliseconds(1_300) && elapsed < .seconds(5))
        }
    }

    @Test func pausesWhileTheScheduledBacklogIsFull() async throws {
        try await withQueue { _, _, queue in
            try await queue.enqueue(users(1...10), priority: .scheduled)
            let activity = ActivityIndex(client: queue.client, keys: queue.keys)
            try await activity.record(users(11...20).map { ($0, now) })
            var configuration = SchedulerConfiguration()
            configuration.rate = 10_000
            configuration.maxBacklog = 5
            let scheduler = Scheduler(
                queue: queue, activity: activity, freshness: FixedFreshness(states: [:]),
                configuration: configuration, logger: quietLogger, currentModelVersion: { nil })
            let pass = Task { try await scheduler.pass(now: now) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await queue.depth().first { $0.priority == .scheduled }?.length == 10)
            // The workers catch up: the pass goes on.
            let jobs = try await queue.take(consumer: "c", count: 10)
            try await queue.complete(jobs, consumer: "c")
            let summary = try await pass.value
            #expect(summary.queued == [.missing: 10])
        }
    }

    @Test func feedMetaFreshnessReadsTheMetaPointerAndCountsNewPostsOfFollowedAuthors() async throws {
        try await withQueue { _, client, queue in
            let keys = FeedKeys()
            let at = 1_700_000_000.5
            try await client.execute("HSET", keys.feedMeta(1), "cur", 12, "at", at, "model", "lr-1", "n", 40)
            try await client.execute("HSET", keys.feedMeta(2), "cur", 3, "at", at, "model", "lr-0")
            // User 1 follows 7 and 8; user 2 follows 8 only; 9 posts a lot but nobody follows it.
            try await client.execute("ZADD", keys.follows(1), 1, 7, 1, 8)
            try await client.execute("ZADD", keys.follows(2), 1, 8)
            for index in 0..<5 {  // author 7: 2 posts before `at`, 3 after
                try await client.execute("ZADD", keys.timeline(7), at + Double(index - 2) * 60 + 30, 700 + index)
            }
            for index in 0..<4 {  // author 8: 4 posts after `at`
                try await client.execute("ZADD", keys.timeline(8), at + Double(index + 1) * 10, 800 + index)
            }
            for index in 0..<30 { try await client.execute("ZADD", keys.timeline(9), at + Double(index + 1), 900 + index) }
            // Exactly at `at` is not new.
            try await client.execute("ZADD", keys.timeline(8), at, 899)

            let states = try await FeedMetaFreshness(client: client, keys: keys, newPostsCap: 20).freshness(of: [1, 2, 3])
            #expect(states == [
                FeedFreshness(generatedAt: at, modelVersion: "lr-1", newPostsSince: 7),
                FeedFreshness(generatedAt: at, modelVersion: "lr-0", newPostsSince: 4),
                FeedFreshness(generatedAt: nil, modelVersion: nil),
            ])
            // The count is capped at the threshold: 7 new posts read as 5 with a cap of 5.
            let capped = try await FeedMetaFreshness(client: client, keys: keys, newPostsCap: 5).freshness(of: [1])
            #expect(capped.first?.newPostsSince == 5)
            // Cap 0: no counting, no follows read.
            let off = try await FeedMetaFreshness(client: client, keys: keys, newPostsCap: 0).freshness(of: [1])
            #expect(off.first?.newPostsSince == 0)

            // Through the scheduler: with a threshold of 5, user 1 (7 new posts) is dirty, user 2 (4) is not.
            let activity = ActivityIndex(client: client, keys: queue.keys)
            try await activity.record([(UserID(1), at + 600), (UserID(2), at + 600)])
            var configuration = SchedulerConfiguration()
            configuration.rate = 10_000
            configuration.maxAge = 4 * 3_600
            configuration.dirtyThreshold = 5
            let scheduler = Scheduler(
                queue: queue, activity: activity,
                freshness: FeedMetaFreshness(client: client, keys: keys, newPostsCap: configuration.dirtyThreshold),
                configuration: configuration, logger: quietLogger, currentModelVersion: { nil })
            let summary = try await scheduler.pass(now: at + 900)
            #expect(summary.queued == [.dirty: 1])
            let jobs = try await queue.take(consumer: "c", count: 10)
            #expect(jobs.map(\.user) == [1] && jobs.first?.reason == "dirty")
        }
    }

    @Test func followedPostCounterCountsOnlyNewerPostsUpToTheCap() {
        let times: [AuthorID: [Double]] = [1: [10, 20, 30], 2: [5, 40], 3: [50]]
        #expect(FollowedPostCounter.count(authors: [1, 2], since: 15, newestPostTimes: times, cap: 10) == 3)
        #expect(FollowedPostCounter.count(authors: [1, 2, 3], since: 0, newestPostTimes: times, cap: 4) == 4)
        #expect(FollowedPostCounter.count(authors: [4], since: 0, newestPostTimes: times, cap: 10) == 0)
        #expect(FollowedPostCounter.count(authors: [1], since: 30, newestPostTimes: times, cap: 10) == 0)
        #expect(FollowedPostCounter.count(authors: [1], since: 0, newestPostTimes: times, cap: 0) == 0)
    }

    @Test func dueReasonsFollowTheirOrder() {
        let state = FeedFreshness(generatedAt: 0, modelVersion: "old", newPostsSince: 100)
        #expect(ScheduleReason.due(state, now: 1e6, maxAge: 10, dirtyThreshold: 5, currentModel: "new") == .model)
        #expect(ScheduleReason.due(state, now: 1e6, maxAge: 10, dirtyThreshold: 5, currentModel: "old") == .dirty)
        #expect(ScheduleReason.due(state, now: 1e6, maxAge: 10, dirtyThreshold: 0, currentModel: nil) == .stale)
        #expect(ScheduleReason.due(state, now: 5, maxAge: 10, dirtyThreshold: 0, currentModel: nil) == nil)
    }
}
