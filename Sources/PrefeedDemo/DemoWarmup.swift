import FeedCore
import FeedStore
import FeedWarmup
import FeedWorker
import FeedWorld
import Foundation
import PrefeedRedis
import Warmup

extension Demo {
    /// Step 8: one pass of `prefeed warmup run`. Trains the login model on the world's logins (as
    /// `prefeed warmup train` does), indexes the users as active from the login histories loaded
    /// in step 4 (live, `POST /v1/sessions` and first page reads do it, as step 7's read did), and
    /// scores them as the pass would 3 hours from now, when step 5's feeds are past the 2 h
    /// maximum age, with a budget of 20 jobs for that hour.
    func warmUp(client: RedisClient, keys: FeedKeys, world: WorldSummary) async throws {
        say("== 8. Warm-up: predict who opens the app within the hour and queue their feeds first (prefeed warmup run --once)")
        let started = ContinuousClock.now
        let log = try LoginLog.parse(Data(contentsOf: world.url(of: .logins)), format: world.manifest.format)
        var trainer = LoginModelTrainer()
        trainer.examplesPerUser = 16  // a third of the default: the demo runs a debug build
        let model = trainer.train(on: log, until: world.manifest.endTime)
        let training = model.training
        say(String(format: "  login model trained on %d logins of %d users: %d examples, log loss %.3f (%.1f s)",
                   log.rows.count, log.userCount, training.examples, training.logLoss, seconds(started.duration(to: .now))))

        let queue = JobQueue(client: client, configuration: JobQueueConfiguration(), logger: logger)
        let activity = ActivityIndex(client: client, keys: queue.keys)
        let reader = WarmupInputReader(client: client, feedKeys: keys, jobKeys: queue.keys)
        let users = (1...world.manifest.counts.users).map { UserID(UInt64($0)) }
        for chunk in stride(from: 0, to: users.count, by: 500) {
            let inputs = try await reader.read(Array(users[chunk..<min(chunk + 500, users.count)]))
            try await activity.record(inputs.compactMap { input in input.logins.last.map { (input.user, $0) } })
        }

        var configuration = WarmupRunConfiguration()
        configuration.hourlyBudget = 20
        configuration.once = true
        let runner = WarmupRunner(queue: queue, activity: activity, feedKeys: keys, model: model, configuration: configuration, logger: logger)
        let now = Date().timeIntervalSince1970 + 3 * 3_600
        let summary = try await runner.pass(now: now)
        say("  pass at now + 3 h: \(summary.active) active users, \(summary.scored) scored (\(summary.fallback) by the fallback); "
            + "\(summary.unlikely) unlikely (P < \(configuration.threshold)), \(summary.fresh) fresh at their arrival, \(summary.due) due")
        let spread = summary.firstArrival.flatMap { first in summary.lastArrival.map { (first, $0) } }
            .map { String(format: ", expected in %.0f–%.0f min", ($0.0 - now) / 60, ($0.1 - now) / 60) } ?? ""
        say("  \(summary.enqueued) warm-up jobs queued in order of expected arrival\(spread); \(summary.budgetSkipped) left for lack of budget; "
            + "budget \(summary.budgetUsed)/\(summary.budgetLimit ?? 0) for that hour (shared in Redis by every run of the hour)")
        let again = try await runner.pass(now: now + 60)
        say("  a second pass a minute later: \(again.enqueued) queued, \(again.alreadyQueued) already queued, budget \(again.budgetUsed)/\(again.budgetLimit ?? 0)")
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
