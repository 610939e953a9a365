import FeedCore
import FeedWorker
import Foundation
import PrefeedRedis
import Testing

@Suite("Job queue on a real Redis", .timeLimit(.minutes(2)))
struct JobQueueTests {
    @Test func repeatedEnqueuesQueueAUserOnce() async throws {
        try await withQueue { _, client, queue in
            let user = UserID(42)
            let first = try await queue.enqueue(user, priority: .scheduled, reason: "stale")
            #expect(first.entryID != nil)
            for _ in 0..<5 {
                #expect(try await queue.enqueue(user, priority: .scheduled) == .alreadyQueued)
            }
            // Duplicates inside one batch too.
            let batch = try await queue.enqueue([user, 7, 7, user], priority: .scheduled)
            #expect(batch[0] == .alreadyQueued && batch[1].entryID != nil && batch[2] == .alreadyQueued && batch[3] == .alreadyQueued)
            #expect(try await client.execute("XLEN", queue.keys.stream(.scheduled, shard: 0)).int == 2)
            // A lower priority adds nothing; a higher one upgrades once.
            #expect(try await queue.enqueue(user, priority: .scheduled) == .alreadyQueued)
            guard case .upgraded = try await queue.enqueue(user, priority: .interactive) else {
                Issue.record("an interactive request for a user queued as scheduled must add an interactive job")
                return
            }
            #expect(try await queue.enqueue(user, priority: .warmup) == .alreadyQueued)
            #expect(try await queue.enqueue(user, priority: .interactive) == .alreadyQueued)
            #expect(try await client.execute("XLEN", queue.keys.stream(.interactive, shard: 0)).int == 1)
            let ttl = try await client.execute("TTL", queue.keys.marker(user)).int ?? -1
            #expect(ttl > 0 && ttl <= 1800)

            // Once done, the marker is gone and the user can be queued again.
            let jobs = try await queue.take(consumer: "c", count: 10)
            #expect(jobs.map(\.user) == [user])
            #expect(try await queue.complete(jobs, consumer: "c") == 1)
            #expect(try await queue.isQueued(user) == false)
            #expect(try await queue.enqueue(user, priority: .interactive).entryID != nil)
        }
    }

    @Test func jobsComeOutInPriorityOrder() async throws {
        try await withQueue { _, _, queue in
            try await queue.enqueue(users(1...3), priority: .scheduled)
            try await queue.enqueue(users(4...6), priority: .warmup)
            try await queue.enqueue(users(7...9), priority: .interactive)
            var order: [[UInt64]] = []
            var priorities: [JobPriority] = []
            while true {
                let jobs = try await queue.take(consumer: "c", count: 2)
                if jobs.isEmpty { break }
                order.append(jobs.map(\.user.rawValue))
                priorities.append(contentsOf: jobs.map(\.priority))
                try await queue.complete(jobs, consumer: "c")
            }
            #expect(order == [[7, 8], [9], [4, 5], [6], [1, 2], [3]])
            #expect(priorities == priorities.sorted())
            // An interactive job queued while lower ones wait goes first.
            try await queue.enqueue(users(10...12), priority: .scheduled)
            try await queue.enqueue(UserID(13), priority: .interactive)
            #expect(try await queue.take(consumer: "c", count: 5).map(\.user) == [13])
        }
    }

    @Test func aDeadConsumersJobIsReclaimed() async throws {
        // 2 s of idleness: long enough that a loaded machine cannot pass it between take and the
        // first reclaim below, short enough for a test.
        try await withQueue({ $0.reclaimIdle = .seconds(2) }) { _, client, queue in
            try await queue.enqueue(users(1...3), priority: .warmup)
            let taken = try await queue.take(consumer: "dead", count: 10)
            #expect(taken.count == 3 && taken.allSatisfy { $0.deliveries == 1 })
            // Not idle long enough yet: nothing to claim.
            #expect(try await queue.reclaim(consumer: "alive", count: 10).isEmpty)
            try await Task.sleep(for: .milliseconds(2300))
            let reclaimed = try await queue.reclaim(consumer: "alive", count: 10)
            #expect(Set(reclaimed.map(\.id)) == Set(taken.map(\.id)))
            #expect(reclaimed.allSatisfy { $0.deliveries == 2 && $0.priority == .warmup })
            #expect(try await queue.complete(reclaimed, consumer: "alive") == 3)
            // The dead consumer, if it was only slow, cannot finish them a second time.
            #expect(try await queue.complete(taken, consumer: "dead") == 0)
            #expect(try await queue.isDrained())
            let pending = try await client.execute("XPENDING", queue.keys.stream(.warmup, shard: 0), "workers")
            #expect(pending.array?.first?.int == 0)
        }
    }

    @Test func aJobFailingNTimesGoesToTheDeadLettersWithItsError() async throws {
        try await withQueue({
            $0.reclaimIdle = .milliseconds(50)
            $0.maxAttempts = 3
        }) { _, client, queue in
            let user = UserID(99)
            try await queue.enqueue([user, 100], priority: .interactive)
            var jobs = try await queue.take(consumer: "w", count: 10)
            try await queue.complete(jobs.filter { $0.user == 100 }, consumer: "w")
            jobs = jobs.filter { $0.user == user }
            var deliveries: [Int] = []
            for attempt in 1...3 {
                #expect(jobs.count == 1)
                deliveries.append(jobs[0].deliveries)
                let dead = try await queue.fail([(jobs[0], "boom \(attempt)")])
                #expect(dead == (attempt == 3 ? 1 : 0))
                if attempt < 3 {
                    // The error waits for the retry in a hash that keeps a TTL (docs/JOBS.md: 7 d).
                    let ttl = try await client.execute("TTL", queue.keys.errors(.interactive, shard: 0)).int ?? -1
                    #expect(ttl > 0 && ttl <= 7 * 86_400)
                }
                try await Task.sleep(for: .milliseconds(80))
                jobs = try await queue.reclaim(consumer: "w", count: 10)
            }
            #expect(deliveries == [1, 2, 3])
            #expect(jobs.isEmpty)
            let letters = try await queue.deadLetters()
            #expect(letters.count == 1)
            #expect(letters.first?.user == user && letters.first?.error == "boom 3" && letters.first?.attempts == 3)
            #expect(letters.first?.priority == .interactive)
            #expect(try await queue.isDrained())
            #expect(try await queue.isQueued(user) == false)
            #expect(try await client.execute("HLEN", queue.keys.errors(.interactive, shard: 0)).int == 0)
        }
    }

    @Test func aJobWhoseWorkersKeepDyingIsDeadLetteredWithTheLastRecordedError() async throws {
        try await withQueue({
            $0.reclaimIdle = .milliseconds(30)
            $0.maxAttempts = 2
        }) { _, _, queue in
            try await queue.enqueue(UserID(5), priority: .scheduled)
            let first = try await queue.take(consumer: "a", count: 1)
            try await queue.fail([(first[0], "timeout talking to the model server")])
            try await Task.sleep(for: .milliseconds(50))
            // Delivered a second time, to a worker that dies without a word.
            #expect(try await queue.reclaim(consumer: "b", count: 1).first?.deliveries == 2)
            try await Task.sleep(for: .milliseconds(50))
            // The third delivery exceeds the attempts: dead-lettered, not handed out.
            #expect(try await queue.reclaim(consumer: "c", count: 1).isEmpty)
            let letters = try await queue.deadLetters()
            #expect(letters.map(\.error) == ["timeout talking to the model server"])
            #expect(letters.first?.attempts == 3)
            #expect(try await queue.isDrained())
        }
    }

    @Test func streamsStayBoundedByTheJobsNotYetDone() async throws {
        try await withQueue({ $0.deadLetterMaxLength = 10 }) { _, client, queue in
            let everyone = users(1...500)
            for round in 0..<3 {
                let outcomes = try await queue.enqueue(everyone + everyone, priority: .scheduled)
                #expect(outcomes.compactMap(\.entryID).count == 500, "round \(round)")
                let length = try await client.execute("XLEN", queue.keys.stream(.scheduled, shard: 0)).int
                #expect(length == 500)
                while true {
                    let jobs = try await queue.take(consumer: "c", count: 64)
                    if jobs.isEmpty { break }
                    try await queue.complete(jobs, consumer: "c")
                }
                #expect(try await client.execute("XLEN", queue.keys.stream(.scheduled, shard: 0)).int == 0)
            }
            // Dead letters are trimmed to about their MAXLEN (whole stream nodes of 100 entries).
            try await queue.enqueue(everyone, priority: .warmup)
            while true {
                let jobs = try await queue.take(consumer: "c", count: 64).map { job -> Job in
                    var exhausted = job
                    exhausted.deliveries = queue.configuration.maxAttempts
                    return exhausted
                }
                if jobs.isEmpty { break }
                try await queue.fail(jobs.map { ($0, "poison") })
            }
            let dead = try await client.execute("XLEN", queue.keys.deadLetters(.warmup, shard: 0)).int ?? 0
            #expect(dead >= 10 && dead <= 110)
            #expect(try await queue.isDrained())
        }
    }

    @Test func shardedStreamsSpreadUsersAndAreAllConsumed() async throws {
        try await withQueue({ $0.shards = 4 }) { _, client, queue in
            try await queue.enqueue(users(1...40), priority: .scheduled)
            for shard in 0..<4 {
                #expect(try await client.execute("XLEN", queue.keys.stream(.scheduled, shard: shard)).int == 10)
            }
            var seen = Set<UserID>()
            while true {
                let jobs = try await queue.take(consumer: "c", count: 7)
                if jobs.isEmpty { break }
                #expect(jobs.allSatisfy { queue.keys.shard(of: $0.user) == $0.shard })
                seen.formUnion(jobs.map(\.user))
                try await queue.complete(jobs, consumer: "c")
            }
            #expect(seen == Set(users(1...40)))
        }
    }

    @Test func aMalformedEntryIsDeadLetteredNotDropped() async throws {
        try await withQueue { _, client, queue in
            try await client.execute("XADD", queue.keys.stream(.interactive, shard: 0), "*", "oops", "1")
            #expect(try await queue.take(consumer: "c", count: 5).isEmpty)
            let letters = try await queue.deadLetters()
            #expect(letters.count == 1 && letters[0].error.contains("malformed"))
            #expect(try await queue.isDrained())
        }
    }

    @Test func completionLogRecordsEachJobOnce() async throws {
        try await withQueue({
            $0.completionLogMaxLength = 1000
            $0.reclaimIdle = .milliseconds(20)
        }) { _, _, queue in
            let ids = try await queue.enqueue(users(1...5), priority: .interactive).compactMap(\.entryID)
            let slow = try await queue.take(consumer: "slow", count: 10)
            try await Task.sleep(for: .milliseconds(40))
            let fast = try await queue.reclaim(consumer: "fast", count: 10)
            async let a = queue.complete(slow, consumer: "slow")
            async let b = queue.complete(fast, consumer: "fast")
            #expect(try await a + b == 5)
            let completions = try await queue.completions()
            #expect(completions.map(\.jobID).sorted() == ids.sorted())
        }
    }

    @Test func theGroupIsRecreatedWhenRedisLosesIt() async throws {
        try await withQueue { _, client, queue in
            try await client.execute("FLUSHALL")
            try await queue.enqueue(UserID(1), priority: .scheduled)
            #expect(try await queue.take(consumer: "c", count: 5).map(\.user) == [1])
        }
    }
}

@Suite("Consumer housekeeping", .timeLimit(.minutes(1)))
struct ConsumerHousekeepingTests {
    @Test func idleConsumersWithoutPendingJobsArePruned() async throws {
        try await withQueue { _, client, queue in
            try await queue.enqueue(users(1...2), priority: .scheduled)
            let jobs = try await queue.take(consumer: "gone", count: 1)
            try await queue.complete(jobs, consumer: "gone")
            _ = try await queue.take(consumer: "busy", count: 1)  // keeps one pending job
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await queue.pruneConsumers(idleLongerThan: .milliseconds(20)) == 1)
            let consumers = try await client.execute("XINFO", "CONSUMERS", queue.keys.stream(.scheduled, shard: 0), "workers")
            #expect(consumers.array?.count == 1)
        }
    }
}
