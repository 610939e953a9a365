import FeedWorld
import Testing
import Warmup

/// Replays of the tiny log (see ``TestLogs/tiny``), every figure worked out by hand in the comments.
/// Hours are relative to the window's start; max age and TTL 2 h; A is user 0, C user 1.
@Suite("Policy replay on a hand-made log")
struct WarmupEvaluatorTests {
    let evaluator = TestLogs.tinyEvaluator
    let hour = TestLogs.hour
    let monday = TestLogs.monday

    func expectFigures(_ result: PolicyResult, hits: Int, background: Int, onDemand: Int, peak: Int, area: Double) {
        #expect(result.logins == 4)
        #expect(result.freshHits == hits)
        #expect(result.backgroundGenerations == background)
        #expect(result.onDemandGenerations == onDemand)
        #expect(result.feedsPeak == peak)
        #expect(abs(result.feedsMean - area / 24) < 1e-9)
        #expect(abs(result.freshHitRate - Double(hits) / 4) < 1e-12)
        #expect(abs(result.generationsPerLogin - Double(background + onDemand) / 4) < 1e-12)
    }

    @Test("on login: A@8 misses and generates, A@9 finds it (1 h old), A@20 and C@12 miss")
    func onLogin() {
        // Feeds: A [8,10), C [12,14), A [20,22): 6 feed-hours, never two at once.
        expectFigures(evaluator.evaluate(.onLogin), hits: 1, background: 0, onDemand: 3, peak: 1, area: 6)
    }

    @Test("oracle: one generation a minute before A@8 (covers A@9), A@20 and C@12; every login hits")
    func oracle() {
        let result = evaluator.evaluate(.oracle(leadSeconds: 60))
        // Feeds: A [8h−1m, 10h−1m), C [12h−1m, 14h−1m), A [20h−1m, 22h−1m).
        expectFigures(result, hits: 4, background: 3, onDemand: 0, peak: 1, area: 6)
    }

    @Test("every 12 h: A (active since yesterday) at 0 and 12; C is not active yet at 12")
    func fixedSchedule() {
        // A@8: the 0 h feed is 8 h old → miss, on demand; A@9 hit; C@12 miss; A@20: the 12 h feed is
        // 8 h old → miss. Feeds: A [0,2) [8,10) [12,14) [20,22), C [12,14): peak 2, 10 feed-hours.
        let result = evaluator.evaluate(.fixedSchedule(everyHours: 12))
        expectFigures(result, hits: 1, background: 2, onDemand: 3, peak: 2, area: 10)
    }

    @Test("keep recent 4 h: ticks every 2 h regenerate users seen in the last 4 h")
    func keepRecent() {
        // A@8 miss (on demand), A@9 hit; ticks 10, 12 regenerate A (last login 9); C@12 miss
        // (the 12 h tick runs before it); ticks 14, 16 regenerate C; A@20 miss (feed from 12 h);
        // tick 22 regenerates A. Feeds: A [8,14) [20,24), C [12,18): peak 2, 16 feed-hours.
        let result = evaluator.evaluate(.keepRecent(windowHours: 4))
        expectFigures(result, hits: 1, background: 5, onDemand: 3, peak: 2, area: 16)
    }

    /// Scores at 7:00 (A 0.9 for 8:00, C 0.3), 7:15 (A 0.9), 11:30 (C 0.6), 19:00 (A 0.4).
    var schedule: PredictionSchedule {
        PredictionSchedule(horizon: hour, ticks: [7, 7.25, 11.5, 19].map { monday + $0 * hour }, scores: [
            [ScoredUser(user: 0, probability: 0.9, expectedArrival: monday + 8 * hour),
             ScoredUser(user: 1, probability: 0.3, expectedArrival: monday + 7.5 * hour)],
            [ScoredUser(user: 0, probability: 0.9, expectedArrival: monday + 8 * hour)],
            [ScoredUser(user: 1, probability: 0.6, expectedArrival: monday + 12 * hour)],
            [ScoredUser(user: 0, probability: 0.4, expectedArrival: monday + 20 * hour)],
        ])
    }

    @Test("predictive at 0.5: A generated once at 7:00 (covers 8:00 and 9:00), C at 11:30; A@20 misses")
    func predictive() {
        let replay = evaluator.replay(.predictive(threshold: 0.5, hourlyBudget: nil), predictions: schedule, recordGenerations: true)
        // Feeds: A [7,9), C [11.5,13.5), A [20,22): 6 feed-hours.
        expectFigures(replay.result, hits: 3, background: 2, onDemand: 1, peak: 1, area: 6)
        #expect(replay.generations == [
            WarmupGeneration(user: 0, at: monday + 7 * hour, onDemand: false),
            WarmupGeneration(user: 1, at: monday + 11.5 * hour, onDemand: false),
            WarmupGeneration(user: 0, at: monday + 20 * hour, onDemand: true),
        ])
        // At 0.25: C also at 7:00 (wasted: stale by 12:00, regenerated at 11:30) and A at 19:00, which
        // serves A@20. Feeds: A [7,9) [19,21), C [7,9) [11.5,13.5): peak 2, 8 feed-hours.
        let lower = evaluator.evaluate(.predictive(threshold: 0.25, hourlyBudget: nil), predictions: schedule)
        expectFigures(lower, hits: 4, background: 4, onDemand: 0, peak: 2, area: 8)
    }

    @Test("nobody is generated twice for the same predicted arrival")
    func noDoubleGeneration() {
        let arrival = monday + 10 * hour
        let ticks = stride(from: 8.0, to: 10.0, by: 0.25).map { monday + $0 * hour }
        let scores = ticks.map { _ in [ScoredUser(user: 0, probability: 0.95, expectedArrival: arrival)] }
        let log = LoginLog([LoginRow(user: 7, at: monday - hour), LoginRow(user: 7, at: arrival)])
        let evaluator = WarmupEvaluator(log: log, evaluationStart: monday, evaluationEnd: monday + 12 * hour, costModel: TestLogs.tinyCost)
        let replay = evaluator.replay(.predictive(threshold: 0.5, hourlyBudget: nil),
                                      predictions: PredictionSchedule(horizon: hour, ticks: ticks, scores: scores),
                                      recordGenerations: true)
        // Scored 8 times before the 10:00 arrival; generated once, at 8:00 (fresh until 10:00).
        #expect(replay.generations == [WarmupGeneration(user: 0, at: monday + 8 * hour, onDemand: false)])
        #expect(replay.result.freshHits == 1)
    }

    @Test("the per-hour budget is respected, earliest expected arrivals first")
    func budget() {
        let users = 20
        let ticks = stride(from: 0.0, to: 6.0, by: 0.25).map { monday + $0 * hour }
        let scores = ticks.map { tick in
            (0..<users).map { ScoredUser(user: Int32($0), probability: 0.9, expectedArrival: tick + Double(users - $0) * 60) }
        }
        let rows = (0..<users).map { LoginRow(user: Int64($0), at: monday - 1_000 + Double($0)) }
        let evaluator = WarmupEvaluator(log: LoginLog(rows), evaluationStart: monday, evaluationEnd: monday + 6 * hour,
                                        costModel: TestLogs.tinyCost)
        let replay = evaluator.replay(.predictive(threshold: 0.5, hourlyBudget: 7),
                                      predictions: PredictionSchedule(horizon: hour, ticks: ticks, scores: scores),
                                      recordGenerations: true)
        var perHour: [Int: Int] = [:]
        for generation in replay.generations { perHour[Int((generation.at - monday) / hour), default: 0] += 1 }
        #expect(perHour.values.allSatisfy { $0 <= 7 })
        #expect(perHour[0] == 7)
        // The first hour's generations go to the latest-indexed users: their expected arrival is earliest.
        #expect(replay.generations.prefix(7).map(\.user) == (13..<20).reversed().map { Int32($0) })
        #expect(replay.result.backgroundGenerations == replay.generations.count)
    }

    @Test("the operating point is the best predictive point within the cost cap")
    func operatingPoint() {
        func result(_ policy: String, _ knob: Double, hits: Int, generations: Int) -> PolicyResult {
            PolicyResult(policy: policy, knobName: "k", knob: knob, logins: 100, freshHits: hits,
                         backgroundGenerations: generations, onDemandGenerations: 0, feedsPeak: 0, feedsMean: 0)
        }
        let results = [result("predictive", 0.1, hits: 90, generations: 200), result("predictive", 0.3, hits: 70, generations: 140),
                       result("predictive", 0.5, hits: 50, generations: 100), result("fixed", 24, hits: 10, generations: 100),
                       result("fixed", 12, hits: 30, generations: 200)]
        let sweep = WarmupSweep()
        #expect(sweep.operatingPoint(of: results)?.knob == 0.3)
        #expect(abs((WarmupSweep.hitRate(of: "fixed", atGenerationsPerLogin: 1.4, in: results) ?? 0) - 0.18) < 1e-12)
        #expect(WarmupSweep.hitRate(of: "fixed", atGenerationsPerLogin: 2.5, in: results) == nil)
    }
}
