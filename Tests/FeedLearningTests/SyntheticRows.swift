import FeedCore
import Foundation

@testable import FeedLearning

/// Rows drawn from a known logistic model over four features, for trainer tests.
///
/// x0 ~ N(0, 1); x1 ~ U(0, 10); x2 ~ Bernoulli(0.3); x3 ~ N(2, 0.5) but missing (NaN) 20 % of the
/// time, when it adds `missingLogit` instead of `w3·x3`. Rows are spread over 48 served hours.
enum SyntheticRows {
    static let schema = FeatureSchema(version: 1, names: ["x0", "x1", "x2", "x3"])
    static let bias = -1.5
    static let weights = [0.8, -0.25, 1.2, 0.6]
    static let missingLogit = 0.4

    static func trueLogit(_ x: [Float]) -> Double {
        var z = bias
        for j in 0..<4 { z += x[j].isNaN ? missingLogit : weights[j] * Double(x[j]) }
        return z
    }

    /// `count` rows labelled for `click` by the true model; all-negative rows kept at `rate`
    /// exactly as the join does (weight `1/rate`).
    static func rows(count: Int, seed: UInt64, rate: Double = 1) -> [TrainingRow] {
        var random = SplitMix64(seed: seed)
        let sampler = NegativeSampler(rate: rate)
        var rows: [TrainingRow] = []
        for index in 0..<count {
            let u1 = max(random.nextUnit(), 1e-300)
            let u2 = random.nextUnit()
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            let x3: Float = random.nextUnit() < 0.2 ? .nan : Float(2 + 0.5 * normal * 0.8)
            let features: [Float] = [
                Float(normal), Float(random.nextUnit() * 10), random.nextUnit() < 0.3 ? 1 : 0, x3,
            ]
            let p = 1 / (1 + exp(-trueLogit(features)))
            var labels = ActionLabels()
            labels.click = random.nextUnit() < p
            let request = RequestID(UInt64(index + 1))
            let post = PostID(UInt64(index % 97 + 1))
            guard labels.hasPositive || sampler.keeps(request: request, post: post) else { continue }
            rows.append(
                TrainingRow(
                    requestID: request, user: UserID(UInt64(index % 50)), generation: GenerationID(UInt64(index)),
                    modelVersion: "truth", post: post, position: index % 20,
                    servedAt: 1_700_000_000_000 + Int64(index) * 48 * 3_600_000 / Int64(count), features: features,
                    labels: labels, weight: labels.hasPositive ? 1 : sampler.weight))
        }
        return rows
    }
}
