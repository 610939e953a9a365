import Testing

@testable import FeedCore

@Suite struct TimeDecayTests {
    @Test func halfLife() {
        #expect(TimeDecay.factor(elapsedSeconds: 0, halfLifeSeconds: 10) == 1)
        #expect(TimeDecay.factor(elapsedSeconds: 10, halfLifeSeconds: 10) == 0.5)
        #expect(TimeDecay.factor(elapsedSeconds: 30, halfLifeSeconds: 10) == 0.125)
        #expect(TimeDecay.factor(elapsedSeconds: -5, halfLifeSeconds: 10) == 1)
    }

    @Test func decayedCounterAddsInAnyOrder() {
        let h = 100.0
        let a = DecayedValue.zero.adding(1, at: 1_000, halfLifeSeconds: h).adding(1, at: 1_100, halfLifeSeconds: h)
        #expect(a.updatedAt == 1_100)
        #expect(abs(a.value - 1.5) < 1e-12)
        let b = DecayedValue.zero.adding(1, at: 1_100, halfLifeSeconds: h).adding(1, at: 1_000, halfLifeSeconds: h)
        #expect(abs(b.value - 1.5) < 1e-12)
        #expect(abs(a.value(at: 1_200, halfLifeSeconds: h) - 0.75) < 1e-12)
    }
}
