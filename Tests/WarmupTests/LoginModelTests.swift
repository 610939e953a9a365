import FeedWorld
import Foundation
import Testing
import Warmup

@Suite("Login model")
struct LoginModelTests {
    /// A model trained on three weeks of the test population.
    static let model: LoginModel = {
        var trainer = LoginModelTrainer()
        trainer.examplesPerUser = 150
        trainer.minimumLookback = 3 * TestLogs.day
        return trainer.train(on: LoginLog(TestLogs.population(weeks: 4)), until: TestLogs.monday + 21 * TestLogs.day)
    }()

    /// 08:00 on every weekday of four weeks (predictions read only what precedes them).
    static let weekdayHabit = LoginHistory(times: (0..<28).filter { $0 % 7 < 5 }.map {
        TestLogs.monday + Double($0) * TestLogs.day + 8 * TestLogs.hour
    })

    @Test("a weekday 8:00 user scores high at 7:30 on Wednesday and low at 3:00 on Sunday")
    func weekdayHabitScores() {
        let wednesday = TestLogs.monday + 23 * TestLogs.day + 7.5 * TestLogs.hour
        let sunday = TestLogs.monday + 27 * TestLogs.day + 3 * TestLogs.hour
        let high = Self.model.predict(history: Self.weekdayHabit, at: wednesday)
        let low = Self.model.predict(history: Self.weekdayHabit, at: sunday)
        #expect(!high.usedFallback)
        #expect(high.probability > 0.6)
        #expect(low.probability < 0.05)
        #expect(high.expectedArrival > wednesday + 0.25 * TestLogs.hour)
        #expect(high.expectedArrival < wednesday + TestLogs.hour)
        // Unconditional expectations: the next session is sooner on Wednesday morning than on Sunday night.
        let next = Self.model.expectedNextSession(history: Self.weekdayHabit, at: wednesday)
        let fromSunday = Self.model.expectedNextSession(history: Self.weekdayHabit, at: sunday)
        #expect(next > wednesday + 0.5 * TestLogs.hour && next < wednesday + 24 * TestLogs.hour)
        #expect(fromSunday > sunday + 24 * TestLogs.hour)
        #expect(next - wednesday < fromSunday - sunday)
    }

    @Test("short histories use the population fallback")
    func fallback() {
        let history = LoginHistory(times: [TestLogs.monday + 8 * TestLogs.hour])
        let prediction = Self.model.predict(history: history, at: TestLogs.monday + 30 * TestLogs.hour)
        #expect(prediction.usedFallback)
        #expect(prediction.probability > 0 && prediction.probability < 0.5)
    }

    @Test("only sessions before the prediction time are used")
    func noPeeking() {
        let time = TestLogs.monday + 23 * TestLogs.day + 7.5 * TestLogs.hour
        var withFuture = LoginHistory(times: Array(Self.weekdayHabit.before(time)))
        withFuture.record(time + 0.5 * TestLogs.hour)
        #expect(Self.model.predict(history: withFuture, at: time) == Self.model.predict(history: Self.weekdayHabit, at: time))
    }

    @Test("the model round-trips through versioned JSON and refuses other versions")
    func json() throws {
        let data = try Self.model.jsonData()
        #expect(try LoginModel(jsonData: data) == Self.model)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["format"] as? String == "prefeed-login-model")
        object["version"] = 2
        let changed = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: LoginModelError.unsupportedVersion(2)) { try LoginModel(jsonData: changed) }
    }

    @Test("the time-based split leaks nothing: sessions after the split do not change the model")
    func splitHasNoLeakage() {
        let split = TestLogs.monday + 21 * TestLogs.day
        let rows = TestLogs.population(weeks: 4)
        var trainer = LoginModelTrainer()
        trainer.examplesPerUser = 20
        let full = trainer.train(on: LoginLog(rows), until: split)
        let past = trainer.train(on: LoginLog(rows.filter { $0.at < split }), until: split)
        let altered = rows.filter { $0.at < split } + (0..<500).map { LoginRow(user: 5_000 + Int64($0), at: split + Double($0) * 60) }
        let withOtherFuture = trainer.train(on: LoginLog(altered), until: split)
        #expect(full == past)
        #expect(full == withOtherFuture)
        #expect(full.training.until == split)
        #expect(full.training.from + 7 * TestLogs.day > TestLogs.monday)
    }

    @Test("scores at a tick depend only on sessions before it")
    func scheduleHasNoLeakage() {
        let rows = TestLogs.population(weeks: 4)
        let cut = TestLogs.monday + 24 * TestLogs.day
        let changed = rows.filter { $0.at < cut } + rows.filter { $0.at >= cut }.map { LoginRow(user: $0.user, at: $0.at + 5 * TestLogs.hour) }
        let start = TestLogs.monday + 22 * TestLogs.day
        let cost = WarmupCostModel(burnIn: 0)
        let original = WarmupEvaluator(log: LoginLog(rows), evaluationStart: start, evaluationEnd: cut + TestLogs.day, costModel: cost)
            .predictions(model: Self.model)
        let other = WarmupEvaluator(log: LoginLog(changed), evaluationStart: start, evaluationEnd: cut + TestLogs.day, costModel: cost)
            .predictions(model: Self.model)
        let before = original.ticks.filter { $0 <= cut }.count
        #expect(before > 100)
        #expect(Array(original.scores.prefix(before)) == Array(other.scores.prefix(before)))
    }
}
