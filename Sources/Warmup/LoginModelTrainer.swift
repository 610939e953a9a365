import FeedWorld
import Foundation

/// Trains a ``LoginModel`` on a login log, with a strict time split: only sessions before `until`
/// are read, and every example's label window ends by `until`.
///
/// Examples: for each user, `examplesPerUser` prediction times drawn uniformly (seeded) in
/// `[log start + minimumLookback, until − horizon]`; the history is the user's sessions before
/// the time, bounded like the store's; the label is whether a session starts in `[t, t + H)`.
/// Times with an empty history are skipped (such users are not scored); histories shorter than
/// `minHistory` train the fallback.
public struct LoginModelTrainer: Sendable {
    /// The horizon H, seconds (default 1 h).
    public var horizon: Double = 3_600
    /// Prediction times drawn per user.
    public var examplesPerUser: Int = 48
    /// No example before the log start plus this (seconds), so histories have some depth.
    public var minimumLookback: Double = 7 * 86_400
    /// L2 penalty on the standardized weights.
    public var l2: Double = 1
    /// Fewer sessions than this: fallback.
    public var minHistory: Int = 3
    /// Seed of the example times.
    public var seed: UInt64 = 7
    /// History bounds (the store's).
    public var bounds: LoginHistoryBounds = .store
    /// Profile smoothing.
    public var smoothing = LoginSmoothing()

    /// A trainer with default settings.
    public init() {}

    /// Trains on the sessions of `log` strictly before `until`.
    public func train(on log: LoginLog, until: Double) -> LoginModel {
        let visible = (log.end ?? -.infinity) >= until ? log.before(until) : log
        let population = PopulationProfile(sessionStarts: visible.rows.lazy.map(\.at))
        let extractor = LoginFeatureExtractor(horizon: horizon, population: population, smoothing: smoothing, maxSpan: bounds.maxAge)
        let dimension = LoginFeature.allCases.count
        let from = (visible.start ?? until) + minimumLookback
        let latest = until - horizon

        var rows: [Double] = []
        var labels: [Bool] = []
        var fallbackRows: [Double] = []
        var fallbackLabels: [Bool] = []
        var buffer = [Double](repeating: 0, count: dimension)
        if latest > from {
            for user in 0..<visible.userCount {
                let times = visible.timesByUser[user]
                var random = Xoshiro256StarStar(seed: seed, stream: UInt64(user))
                for _ in 0..<examplesPerUser {
                    let time = from + (latest - from) * Double(random.next() >> 11) * 0x1p-53
                    let end = Self.countBefore(time, in: times)
                    guard end > 0 else { continue }
                    let start = bounds.retainedStart(of: times, end: end)
                    let history = times[start..<end]
                    let label = end < times.count && times[end] < time + horizon
                    if history.count < minHistory {
                        fallbackRows.append(extractor.populationFeature(at: time))
                        fallbackLabels.append(label)
                    } else {
                        _ = extractor.extract(history, at: time, gaps: GapStatistics(history), into: &buffer)
                        rows.append(contentsOf: buffer)
                        labels.append(label)
                    }
                }
            }
        }

        let count = labels.count
        var means = [Double](repeating: 0, count: dimension)
        var scales = [Double](repeating: 1, count: dimension)
        if count > 0 {
            for index in 0..<count { for j in 0..<dimension { means[j] += rows[index * dimension + j] } }
            for j in 0..<dimension { means[j] /= Double(count) }
            var variances = [Double](repeating: 0, count: dimension)
            for index in 0..<count {
                for j in 0..<dimension {
                    let d = rows[index * dimension + j] - means[j]
                    variances[j] += d * d
                }
            }
            for j in 0..<dimension { scales[j] = max((variances[j] / Double(count)).squareRoot(), 1e-6) }
            for index in 0..<count {
                for j in 0..<dimension { rows[index * dimension + j] = (rows[index * dimension + j] - means[j]) / scales[j] }
            }
        }
        let fit = LogisticFit(rows: rows, labels: labels, dimension: dimension, l2: l2)

        var fallback = LoginFallback(intercept: fit.intercept, slope: 1)
        if fallbackLabels.count >= 50, fallbackLabels.contains(true), fallbackLabels.contains(false) {
            let fallbackFit = LogisticFit(rows: fallbackRows, labels: fallbackLabels, dimension: 1, l2: 1e-3)
            fallback = LoginFallback(intercept: fallbackFit.intercept, slope: fallbackFit.weights[0])
        }
        return LoginModel(
            horizon: horizon, means: means, scales: scales, weights: fit.weights, intercept: fit.intercept,
            fallback: fallback, minHistory: minHistory, population: population, smoothing: smoothing, bounds: bounds,
            training: LoginTrainingSummary(
                from: from, until: until, examples: count, positives: labels.lazy.filter { $0 }.count,
                fallbackExamples: fallbackLabels.count, logLoss: fit.logLoss))
    }

    /// Number of `times` (ascending) strictly before `time`.
    static func countBefore(_ time: Double, in times: [Double]) -> Int {
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
