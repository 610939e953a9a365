import FeedCore
import Foundation
import Testing

@testable import FeedLearning

@Suite("Logistic trainer")
struct TrainerTests {
    static func configuration(_ weighting: NegativeWeighting = .calibrated, l2: Double = 1e-6) -> TrainerConfiguration {
        TrainerConfiguration(
            modelVersion: "lr-test", heads: [.click], l2: l2, weighting: weighting,
            split: TimeSplit(evaluationHours: 12), schema: SyntheticRows.schema)
    }

    @Test("recovers the weights, missing contribution and AUC of the true model")
    func recoversWeights() throws {
        let rows = SyntheticRows.rows(count: 30_000, seed: 7)
        let result = try LogisticTrainer(configuration: Self.configuration()).train(rows)
        let head = try #require(result.model.heads["click"])
        for j in 0..<4 {
            #expect(abs(head.weights[j] - SyntheticRows.weights[j]) < 0.1, "w\(j) = \(head.weights[j])")
        }
        #expect(abs(head.bias - SyntheticRows.bias) < 0.15, "bias \(head.bias)")
        let missing = head.weights[3] * head.imputationMeans![3] + head.missingWeights![3]
        #expect(abs(missing - SyntheticRows.missingLogit) < 0.15, "missing contribution \(missing)")
        let metrics = try #require(result.metrics.first)
        #expect(metrics.trained && metrics.converged)
        let evaluation = result.evaluationRows.map { rows[$0] }
        let truth = evaluation.map { 1 / (1 + exp(-SyntheticRows.trueLogit($0.features))) }
        let trueAUC = BinaryMetrics.auc(scores: truth, labels: evaluation.map(\.labels.click))
        #expect(abs(metrics.auc - trueAUC) < 0.005, "auc \(metrics.auc) vs true \(trueAUC)")
        #expect(metrics.normalizedEntropy < 0.9)
        #expect(abs(metrics.calibration - 1) < 0.1)
    }

    @Test("downsampled negatives: calibrated and importance-weighted heads both recover the true rates",
          arguments: [NegativeWeighting.calibrated, .importance])
    func downsampling(weighting: NegativeWeighting) throws {
        let rows = SyntheticRows.rows(count: 40_000, seed: 11, rate: 0.3)
        #expect(rows.contains { $0.weight > 3.3 && $0.weight < 3.4 })
        let result = try LogisticTrainer(configuration: Self.configuration(weighting)).train(rows)
        let head = try #require(result.model.heads["click"])
        for j in 0..<4 {
            #expect(abs(head.weights[j] - SyntheticRows.weights[j]) < 0.12, "w\(j) = \(head.weights[j])")
        }
        let rate = Double(head.negativeSamplingRate ?? 1)
        // Training on a w-sample of negatives shifts the logit by −log w; calibration undoes it.
        let expectedBias = weighting == .calibrated ? SyntheticRows.bias - log(0.3) : SyntheticRows.bias
        #expect(abs(rate - (weighting == .calibrated ? 0.3 : 1)) < 1e-6)
        #expect(abs(head.bias - expectedBias) < 0.15, "bias \(head.bias) expected \(expectedBias)")
        let metrics = try #require(result.metrics.first)
        #expect(abs(metrics.calibration - 1) < 0.1, "calibration \(metrics.calibration)")
    }

    @Test("the written model loads in FeedCore and predicts exactly what the trainer evaluated")
    func modelLoadsAndMatches() throws {
        let rows = SyntheticRows.rows(count: 6_000, seed: 3, rate: 0.5)
        var configuration = Self.configuration()
        configuration.heads = [.click, .like]  // like has no positives: skipped
        let result = try LogisticTrainer(configuration: configuration).train(rows)
        #expect(result.metrics.map(\.trained) == [true, false])
        let data = try result.model.encoded()
        let model = try ValueModel.logistic(json: data, schema: SyntheticRows.schema)
        #expect(model.version == "lr-test" && model.actions == [.click])
        let evaluation = result.evaluationRows.map { rows[$0] }
        let matrix = FeatureMatrix(columnCount: 4, values: evaluation.flatMap(\.features))
        let served = try #require(model.predict(matrix).probabilities[.click])
        let trained = try #require(result.evaluationPredictions[.click])
        #expect(served.count == trained.count)
        let worst = zip(served, trained).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-6, "largest difference \(worst)")
        // The bytes are deterministic.
        let again = try LogisticTrainer(configuration: configuration).train(rows)
        #expect(try again.model.encoded() == data)
    }

    @Test("the model is schema-checked: a model for other features does not load as the current schema")
    func schemaChecked() throws {
        let rows = SyntheticRows.rows(count: 3_000, seed: 5)
        let result = try LogisticTrainer(configuration: Self.configuration()).train(rows)
        #expect(throws: ModelLoadError.self) { try ValueModel.logistic(json: result.model.encoded()) }
    }

    @Test("time split: evaluation is the last hours, the gap is skipped, training comes first")
    func timeSplit() {
        let rows = SyntheticRows.rows(count: 480, seed: 1)
        let split = TimeSplit(evaluationHours: 6, gapHours: 2).assign(rows)
        let last = rows.map(\.servedHour).max()!
        #expect(split.firstEvaluationHour == last - 5)
        #expect(split.evaluation.allSatisfy { rows[$0].servedHour >= last - 5 })
        #expect(split.train.allSatisfy { rows[$0].servedHour <= last - 8 })
        #expect(split.train.count + split.evaluation.count == rows.filter { $0.servedHour <= last - 8 || $0.servedHour >= last - 5 }.count)
    }
}
