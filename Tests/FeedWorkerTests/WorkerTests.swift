import FeedCore
import FeedWorker
import Foundation
import Logging
import PrefeedRedis
import ServiceLifecycle
import Testing

@Suite("Worker runtime on a real Redis", .timeLimit(.minutes(3)))
struct WorkerTests {
    private func configuration(_ change: (inout WorkerConfiguration) -> Void = { _ in }) -> WorkerConfiguration {
        var configuration = WorkerConfiguration()
        configuration.concurrency = 3
        configuration.batchSize = 8
        configuration.idleBlock = .milliseconds(50)
        configuration.reclaimInterval = .milliseconds(100)
        configuration.modelPollInterval = .milliseconds(50)
        configuration.metricsInterval = .milliseconds(100)
        configuration.backoff = Backoff(base: .milliseconds(10), maximum: .milliseconds(200))
        configuration.consumerName = "test"
        change(&configuration)
        return configuration
    }

    @Test func drainsEveryPriorityAndRegeneratesEachUserOnce() async throws {
        try await withQueue({ $0.completionLogMaxLength = 10_000 }) { _, _, queue in
            try await queue.enqueue(users(1...40), priority: .scheduled)
            try await queue.enqueue(users(41...60), priority: .warmup)
            try await queue.enqueue(users(61...70), priority: .interactive)
            let regenerator = RecordingRegenerator()
            let worker = Worker(queue: queue, regenerator: regenerator, models: TestModels().watcher(),
                                configuration: configuration { $0.exitWhenDrained = true }, logger: quietLogger)
            try await worker.run()
            #expect(regenerator.counts == Dictionary(uniqueKeysWithValues: users(1...70).map { ($0, 1) }))
            #expect(regenerator.calls.allSatisfy { $0.users.count <= 8 && $0.modelVersion == "v1" })
            #expect(worker.totals.done == 70)
            #expect(try await queue.completions().count == 70)
            #expect(try await queue.isDrained())
            #expect(try await queue.deadLetters().isEmpty)
        }
    }

    @Test func drainsEveryShard() async throws {
        try await withQueue({ $0.shards = 3 }) { _, _, queue in
            try await queue.enqueue(users(1...30), priority: .warmup)
            try await queue.enqueue(users(31...45), priority: .interactive)
            let regenerator = RecordingRegenerator()
            let worker = Worker(queue: queue, regenerator: regenerator, models: TestModels().watcher(),
                                configuration: configuration { $0.exitWhenDrained = true }, logger: quietLogger)
            try await worker.run()
            #expect(regenerator.counts == Dictionary(uniqueKeysWithValues: users(1...45).map { ($0, 1) }))
            #expect(try await queue.isDrained())
        }
    }

    @Test func aFailingUserEndsInTheDeadLettersAndTheOthersAreDone() async throws {
        try await withQueue({
            $0.maxAttempts = 3
            // Longer than any batch here, so a job is never claimed while it is being processed.
            $0.reclaimIdle = .milliseconds(300)
        }) { _, _, queue in
            try await queue.enqueue(users(1...20), priority: .scheduled)
            let regenerator = RecordingRegenerator(failing: [7])
            let worker = Worker(queue: queue, regenerator: regenerator, models: TestModels().watcher(),
                                configuration: configuration { $0.exitWhenDrained = true }, logger: quietLogger)
            try await worker.run()
            #expect(regenerator.counts[7] == 3)
            #expect(regenerator.counts.filter { $0.key != 7 }.values.allSatisfy { $0 == 1 })
            let letters = try await queue.deadLetters()
            #expect(letters.map(\.user) == [7])
            #expect(letters.first?.error == "cannot rank user 7" && letters.first?.attempts == 3)
            #expect(worker.totals.done == 19 && worker.totals.failed == 3 && worker.totals.deadLettered == 1)
        }
    }

    @Test func hotReloadsTheModelWhenItsVersionChanges() async throws {
        try await withQueue { _, _, queue in
            let models = TestModels()
            let regenerator = RecordingRegenerator()
            let worker = Worker(queue: queue, regenerator: regenerator, models: models.watcher(),
                                configuration: configuration(), logger: quietLogger)
            let group = ServiceGroup(services: [worker], logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await queue.enqueue(UserID(1), priority: .interactive)
                try await waitUntil { regenerator.calls.count == 1 }
                models.publish("v2")
                try await waitUntil { worker.models.current?.version == "v2" }
                try await queue.enqueue(UserID(2), priority: .interactive)
                try await waitUntil { regenerator.calls.count == 2 }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(regenerator.calls.map(\.modelVersion) == ["v1", "v2"])
        }
    }

    @Test func gracefulShutdownFinishesTheBatchInFlightAndTakesNoMore() async throws {
        try await withQueue { _, _, queue in
            try await queue.enqueue(users(1...100), priority: .scheduled)
            // Long enough that the shutdown lands while the first two batches run, even when the
            // poll below is starved by parallel tests (at 400 ms a third batch sometimes started).
            let regenerator = RecordingRegenerator(delay: .milliseconds(1_500))
            let worker = Worker(queue: queue, regenerator: regenerator, models: TestModels().watcher(),
                                configuration: configuration { $0.concurrency = 2 }, logger: quietLogger)
            let group = ServiceGroup(services: [worker], logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await waitUntil { regenerator.calls.count == 2 }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            // The two batches in flight finished and were acknowledged; nothing else was taken.
            let done = regenerator.calls.reduce(0) { $0 + $1.users.count }
            #expect(done == 16)
            #expect(worker.totals.done == 16)
            let depth = try await queue.depth()
            #expect(depth.first { $0.priority == .scheduled }?.length == 84)
            #expect(depth.allSatisfy { $0.pending == 0 })
        }
    }

    @Test func survivesARedisOutageAndCarriesOn() async throws {
        try await withQueue { server, _, queue in
            let regenerator = RecordingRegenerator()
            let worker = Worker(queue: queue, regenerator: regenerator, models: TestModels().watcher(),
                                configuration: configuration(), logger: quietLogger)
            let group = ServiceGroup(services: [worker], logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await queue.enqueue(users(1...5), priority: .interactive)
                try await waitUntil { worker.totals.done == 5 }
                server.stop()
                try await Task.sleep(for: .milliseconds(700))
                try await server.restart()
                // The test's own client reconnects with backoff too.
                try await waitUntil { (try? await queue.enqueue(users(6...10), priority: .scheduled)) != nil }
                try await waitUntil(timeout: .seconds(20)) { worker.totals.done == 10 }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(Set(regenerator.counts.keys) == Set(users(1...10)))
        }
    }
}

/// Polls `condition` every 20 ms until it holds, or fails the test after `timeout`.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("condition not met within \(timeout)")
    throw CancellationError()
}
