import Foundation

/// Predicts, for one user at time `t`, the probability of a session within the horizon
/// `[t, t + H)` and its expected start; serializable as versioned JSON (see docs/WARMUP.md).
///
/// A logistic regression over the standardized ``LoginFeature`` values for users with at least
/// ``minHistory`` sessions; the population hour-of-week prior (``LoginFallback``) otherwise.
/// Trained by ``LoginModelTrainer``.
public struct LoginModel: Codable, Sendable, Hashable {
    /// The `format` field of every model file.
    public static let formatName = "prefeed-login-model"
    /// The version this code reads and writes.
    public static let currentVersion = 1

    /// Always ``formatName``.
    public var format: String
    /// File format version (``currentVersion``).
    public var version: Int
    /// The horizon H, seconds.
    public var horizon: Double
    /// Feature names, in weight order (``LoginFeature`` raw values).
    public var featureNames: [String]
    /// Per-feature mean used for standardization.
    public var means: [Double]
    /// Per-feature scale (standard deviation, at least 1e-6) used for standardization.
    public var scales: [Double]
    /// Weights of the standardized features.
    public var weights: [Double]
    /// Intercept.
    public var intercept: Double
    /// Model for short histories.
    public var fallback: LoginFallback
    /// Fewer sessions than this: the fallback answers.
    public var minHistory: Int
    /// Population hour-of-week profile (from the training data).
    public var population: PopulationProfile
    /// Profile smoothing strengths.
    public var smoothing: LoginSmoothing
    /// History bounds the model was trained with.
    public var bounds: LoginHistoryBounds
    /// Training provenance.
    public var training: LoginTrainingSummary

    /// Creates a model from its parts.
    public init(
        horizon: Double, means: [Double], scales: [Double], weights: [Double], intercept: Double,
        fallback: LoginFallback, minHistory: Int, population: PopulationProfile,
        smoothing: LoginSmoothing, bounds: LoginHistoryBounds, training: LoginTrainingSummary
    ) {
        let count = LoginFeature.allCases.count
        precondition(means.count == count && scales.count == count && weights.count == count, "one value per feature")
        format = Self.formatName
        version = Self.currentVersion
        featureNames = LoginFeature.allCases.map(\.rawValue)
        self.horizon = horizon
        self.means = means
        self.scales = scales
        self.weights = weights
        self.intercept = intercept
        self.fallback = fallback
        self.minHistory = minHistory
        self.population = population
        self.smoothing = smoothing
        self.bounds = bounds
        self.training = training
    }

    var extractor: LoginFeatureExtractor {
        LoginFeatureExtractor(horizon: horizon, population: population, smoothing: smoothing, maxSpan: bounds.maxAge)
    }

    /// The prediction for `history` at `time`; only starts before `time` are used.
    public func predict(history: LoginHistory, at time: Double) -> LoginPrediction {
        var buffer: [Double] = []
        let times = history.before(time)
        return predict(times: times, at: time, gaps: GapStatistics(times), extractor: extractor, buffer: &buffer)
    }

    /// The prediction for the ascending starts `times` (all before `time`) with precomputed gaps.
    func predict(
        times: ArraySlice<Double>, at time: Double, gaps: GapStatistics,
        extractor: LoginFeatureExtractor, buffer: inout [Double]
    ) -> LoginPrediction {
        guard times.count >= max(minHistory, 1) else {
            let z = fallback.intercept + fallback.slope * extractor.populationFeature(at: time)
            return LoginPrediction(probability: LogisticFit.sigmoid(z), expectedArrival: time + horizon / 2, usedFallback: true)
        }
        let offset = extractor.extract(times, at: time, gaps: gaps, into: &buffer)
        var z = intercept
        for index in 0..<buffer.count { z += weights[index] * (buffer[index] - means[index]) / scales[index] }
        return LoginPrediction(probability: LogisticFit.sigmoid(z), expectedArrival: time + offset, usedFallback: false)
    }

    /// The expected time of the next session after `time` (unconditional), from the user's
    /// smoothed hour-of-week rate taken as a weekly-periodic Poisson intensity, truncated at 14 days
    /// (returns at most `time` + 14 days). Uses the population profile for an empty history.
    public func expectedNextSession(history: LoginHistory, at time: Double) -> Double {
        let times = history.before(time)
        let limitHours = 14 * 24
        var rates = [Double](repeating: 0, count: 168)
        if let oldest = times.first {
            let weeks = min(max((time - oldest) / WeekClock.day, 1), bounds.maxAge / WeekClock.day) / 7
            var counts = [Double](repeating: 0, count: 168)
            for start in times { counts[WeekClock.hourOfWeek(start)] += 1 }
            let perWeek = Double(times.count) / weeks
            let prior = smoothing.weekPriorWeeks
            for slot in 0..<168 {
                rates[slot] = (counts[slot] + prior * perWeek * population.hourOfWeekShares[slot]) / (weeks + prior)
            }
        } else {
            for slot in 0..<168 { rates[slot] = population.hourOfWeekShares[slot] }
        }
        var survival = 1.0
        var expected = 0.0
        var position = time
        for _ in 0..<limitHours {
            let slotEnd = (position / WeekClock.hour).rounded(.down) * WeekClock.hour + WeekClock.hour
            let length = slotEnd - position
            let rate = rates[WeekClock.hourOfWeek(position)] / WeekClock.hour
            let mass = rate * length
            expected += mass > 1e-12 ? survival * (1 - exp(-mass)) / rate : survival * length
            survival *= exp(-mass)
            position = slotEnd
        }
        return time + expected
    }

    /// The model as pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a model file; throws ``LoginModelError`` for another format, version or feature set.
    public init(jsonData: Data) throws {
        let model = try JSONDecoder().decode(LoginModel.self, from: jsonData)
        guard model.format == Self.formatName else { throw LoginModelError.wrongFormat(model.format) }
        guard model.version == Self.currentVersion else { throw LoginModelError.unsupportedVersion(model.version) }
        let expected = LoginFeature.allCases.map(\.rawValue)
        guard model.featureNames == expected, model.means.count == expected.count,
              model.scales.count == expected.count, model.weights.count == expected.count,
              model.scales.allSatisfy({ $0 > 0 }) else {
            throw LoginModelError.featureMismatch(model.featureNames)
        }
        self = model
    }

    enum CodingKeys: String, CodingKey {
        case format, version, means, scales, weights, intercept, fallback, population, smoothing, bounds, training
        case horizon = "horizon_seconds"
        case featureNames = "feature_names"
        case minHistory = "min_history"
    }
}
