import Foundation
import Testing

@testable import FeedCore

/// A head that returns fixed probabilities, to check how the value model combines heads.
private struct ConstantHead: ActionHead {
    var value: Float
    var featureCount: Int { 1 }
    func predictProbabilities(_ features: FeatureMatrix, into output: UnsafeMutableBufferPointer<Float>, workspace: inout ScoringWorkspace) {
        for row in 0..<features.rowCount { output[row] = value }
    }
}

@Suite struct ValueModelTests {
    @Test func scoreIsWeightedSumOfProbabilities() {
        let heads: [ActionType: any ActionHead] = [
            .click: ConstantHead(value: 0.5), .like: ConstantHead(value: 0.25), .hide: ConstantHead(value: 0.01),
        ]
        let model = ValueModel(version: "v", heads: heads)
        let matrix = FeatureMatrix(columnCount: 1, values: [0, 0, 0])
        let expected: Float = 1 * 0.5 + 2 * 0.25 - 20 * 0.01
        #expect(model.scores(matrix).allSatisfy { abs($0 - expected) < 1e-6 })
        #expect(model.actions == [.click, .like, .hide])

        var weights = ActionWeights.default
        weights[.hide] = 0
        weights[.click] = 3
        let reweighted = ValueModel(version: "v", heads: heads, weights: weights)
        #expect(abs(reweighted.scores(matrix)[0] - (1.5 + 0.5)) < 1e-6)
    }

    @Test func defaultWeights() {
        let w = ActionWeights.default
        #expect([w.click, w.like, w.comment, w.share, w.hide, w.report] == [1, 2, 4, 6, -20, -50])
        #expect(w[.dwell] == 0)
    }

    @Test func downsamplingCalibration() {
        // No downsampling: unchanged.
        #expect(DownsamplingCalibration.calibrate(0.3, negativeSamplingRate: 1) == 0.3)
        // Keeping 10% of negatives: q = 0.5 → p = 0.5 / (0.5 + 0.5 / 0.1) = 1/11.
        #expect(abs(DownsamplingCalibration.calibrate(0.5, negativeSamplingRate: 0.1) - 1 / 11) < 1e-7)
        #expect(DownsamplingCalibration.calibrate(0, negativeSamplingRate: 0.1) == 0)
        #expect(DownsamplingCalibration.calibrate(1, negativeSamplingRate: 0.1) == 1)
        // Monotone in q.
        var last: Float = -1
        for q in stride(from: Float(0), through: 1, by: 0.05) {
            let p = DownsamplingCalibration.calibrate(q, negativeSamplingRate: 0.2)
            #expect(p >= last && p <= q + 1e-7)
            last = p
        }
    }

    @Test func treeHeadAppliesCalibrationAndModelAttribute() throws {
        let ensemble = try XGBoostModelLoader.loadRaw(Fixtures.data("xgb_tiny.json"))
        let matrix = FeatureMatrix(columnCount: 3, values: [0.1, -2, 0.3])
        let margin = ensemble.margins(matrix)[0]
        let q = TreeEnsemble.sigmoid(margin)
        let plain = try TreeEnsembleHead(ensemble)
        #expect(plain.negativeSamplingRate == 1)
        #expect(plain.probabilities(matrix)[0] == q)
        let sampled = try TreeEnsembleHead(ensemble, negativeSamplingRate: 0.25)
        #expect(sampled.probabilities(matrix)[0] == DownsamplingCalibration.calibrate(q, negativeSamplingRate: 0.25))
        #expect(throws: ModelLoadError.self) { try TreeEnsembleHead(ensemble, negativeSamplingRate: 1.5) }
    }

    @Test func gradientBoostedModelOnCurrentSchema() throws {
        // Rename the tiny fixture's features to the code's first three, then pad num_feature: a wrong
        // schema must fail, and a model carrying exactly the schema's names must load.
        let names = FeatureSchema.current.names
        var json = String(decoding: try Fixtures.data("xgb_tiny.json"), as: UTF8.self)
        json = json.replacingOccurrences(
            of: "\"feature_names\":[\"f0\",\"f1\",\"f2\"]",
            with: "\"feature_names\":[" + names.map { "\"\($0)\"" }.joined(separator: ",") + "]")
        json = json.replacingOccurrences(of: "\"num_feature\":\"3\"", with: "\"num_feature\":\"\(names.count)\"")
        let model = try ValueModel.gradientBoosted(version: "gbdt-test", json: [.click: Data(json.utf8)])
        #expect(model.featureCount == names.count)
        let post = Post(id: 1, author: 2, createdAt: 0, mediaType: .text)
        let matrix = FeatureExtractor.matrix(for: [FeatureInputs(post: post, now: 3_600)])
        #expect(model.scores(matrix).count == 1)

        let wrong = #expect(throws: ModelLoadError.self) {
            try ValueModel.gradientBoosted(version: "x", json: [.like: try Fixtures.data("xgb_tiny.json")])
        }
        #expect(wrong?.code == .schemaMismatch)
        #expect(wrong?.message.hasPrefix("like head:") == true)
    }
}
