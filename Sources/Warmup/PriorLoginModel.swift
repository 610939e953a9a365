import Foundation

/// The login scorer used when no trained model is given: no regression, just the user's own
/// smoothed session rates, read as a Poisson intensity.
///
/// For the window `[t, t + H)` it takes two rates of the ``LoginFeature`` definitions, each
/// smoothed toward the population profile and scaled to the user's own session rate:
/// `λw` (time of week: sessions expected in this window per week) and `λt` (time of day over days
/// of the window's kind, UTC weekday or weekend). The expected number of sessions in the window is
/// their mean `λ`, and `P(session in window) = 1 − exp(−λ)`. The expected arrival is the trained
/// model's: the mean offset of matching past starts, shrunk toward the window's middle.
///
/// Without training data the population profile is flat (``PopulationProfile/uniform``); a user
/// with one habit still scores high in its window and low elsewhere. Users with no session are
/// given probability 0 (the run does not score them).
public struct PriorLoginModel: LoginScoring, Hashable {
    /// The horizon H, seconds.
    public var horizon: Double
    /// The population hour-of-week profile the user's rates are smoothed toward.
    public var population: PopulationProfile
    /// Prior strengths (one week for the time-of-week rate, two days for the time-of-day rate).
    public var smoothing: LoginSmoothing
    /// History bounds (the store's: 100 starts, 28 days).
    public var bounds: LoginHistoryBounds

    /// A prior model; defaults: 1 h horizon, flat population, default smoothing, store bounds.
    public init(
        horizon: Double = 3_600, population: PopulationProfile = .uniform, smoothing: LoginSmoothing = LoginSmoothing(),
        bounds: LoginHistoryBounds = .store
    ) {
        precondition(horizon > 0, "a positive horizon")
        self.horizon = horizon
        self.population = population
        self.smoothing = smoothing
        self.bounds = bounds
    }

    public func predict(history: LoginHistory, at time: Double) -> LoginPrediction {
        let times = history.before(time)
        guard !times.isEmpty else {
            return LoginPrediction(probability: 0, expectedArrival: time + horizon / 2, usedFallback: true)
        }
        let extractor = LoginFeatureExtractor(horizon: horizon, population: population, smoothing: smoothing, maxSpan: bounds.maxAge)
        var features: [Double] = []
        let offset = extractor.extract(times, at: time, gaps: GapStatistics(times), into: &features)
        let weekRate = Self.rate(features, .weekRate)
        let dayTypeRate = Self.rate(features, .dayTypeRate)
        let expected = (weekRate + dayTypeRate) / 2
        return LoginPrediction(probability: -expm1(-expected), expectedArrival: time + offset, usedFallback: false)
    }

    /// Undoes the feature's `log(0.005 + λ)`.
    private static func rate(_ features: [Double], _ feature: LoginFeature) -> Double {
        guard let index = LoginFeature.allCases.firstIndex(of: feature) else { return 0 }
        return max(0, exp(features[index]) - 0.005)
    }
}
