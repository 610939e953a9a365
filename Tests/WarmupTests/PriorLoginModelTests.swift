import Testing
import Warmup

@Suite("Prior login model and the warm-up rule")
struct PriorLoginModelTests {
    @Test("untrained, a weekday 8:00 user still scores high at 7:30 on Wednesday and low at 3:00 on Sunday")
    func weekdayHabitScores() {
        let model = PriorLoginModel()
        let history = LoginModelTests.weekdayHabit
        let wednesday = TestLogs.monday + 23 * TestLogs.day + 7.5 * TestLogs.hour
        let sunday = TestLogs.monday + 27 * TestLogs.day + 3 * TestLogs.hour
        let high = model.predict(history: history, at: wednesday)
        let low = model.predict(history: history, at: sunday)
        #expect(high.probability > 0.4)
        #expect(low.probability < 0.02)
        #expect(!high.usedFallback)
        // Expected arrival near 8:00 (shrunk toward the window's middle, 8:00 too).
        #expect(abs(high.expectedArrival - (wednesday + 0.5 * TestLogs.hour)) < 60)
        // Saturday 7:30: the habit is a weekday one.
        let saturday = TestLogs.monday + 26 * TestLogs.day + 7.5 * TestLogs.hour
        #expect(model.predict(history: history, at: saturday).probability < 0.05)
        // No session recorded: nothing to go on.
        #expect(model.predict(history: LoginHistory(), at: wednesday).probability == 0)
    }

    @Test("a later habit gives a later expected arrival")
    func arrivalFollowsTheHabit() {
        let model = PriorLoginModel()
        let wednesday = TestLogs.monday + 23 * TestLogs.day + 7.5 * TestLogs.hour
        func history(_ minutesAfterSeven: Double) -> LoginHistory {
            LoginHistory(times: (0..<23).filter { $0 % 7 < 5 }.map {
                TestLogs.monday + Double($0) * TestLogs.day + 7 * TestLogs.hour + minutesAfterSeven * 60
            })
        }
        let arrivals = [35.0, 45, 60, 75, 85].map { model.predict(history: history($0), at: wednesday).expectedArrival }
        #expect(arrivals == arrivals.sorted())
        #expect(arrivals.first! > wednesday && arrivals.last! < wednesday + TestLogs.hour)
    }

    @Test("due only when likely and the feed is missing or stale at the expected arrival")
    func decision() {
        let arrival = 10_000.0
        let likely = LoginPrediction(probability: 0.5, expectedArrival: arrival, usedFallback: false)
        let unlikely = LoginPrediction(probability: 0.1, expectedArrival: arrival, usedFallback: false)
        #expect(WarmupDecision(prediction: unlikely, generatedAt: nil, threshold: 0.2, maxFeedAge: 7_200) == .unlikely)
        #expect(WarmupDecision(prediction: likely, generatedAt: nil, threshold: 0.2, maxFeedAge: 7_200) == .due(expectedArrival: arrival))
        // Generated exactly max age before the arrival: still fresh then.
        #expect(WarmupDecision(prediction: likely, generatedAt: arrival - 7_200, threshold: 0.2, maxFeedAge: 7_200) == .fresh)
        #expect(WarmupDecision(prediction: likely, generatedAt: arrival - 7_201, threshold: 0.2, maxFeedAge: 7_200)
                == .due(expectedArrival: arrival))
        // At the threshold counts as likely.
        let edge = LoginPrediction(probability: 0.2, expectedArrival: arrival, usedFallback: true)
        #expect(WarmupDecision(prediction: edge, generatedAt: nil, threshold: 0.2, maxFeedAge: 7_200) == .due(expectedArrival: arrival))
    }
}
