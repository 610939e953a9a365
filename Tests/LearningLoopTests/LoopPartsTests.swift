import FeedCore
import FeedLearning
import FeedStore
import FeedWorld
import LearningLoop
import Testing

@Suite("Learning-loop parts (pure)")
struct LoopPartsTests {
    @Test func tallyComputesValueClickThroughAndHideRateFromTheActionWeights() {
        var tally = RoundTally()
        let p = ActionProbabilities(click: 0.1, like: 0.05, comment: 0.01, share: 0.01, hide: 0.01, report: 0.001)
        tally.record(probabilities: p, actions: [.click, .like], modelVersion: "m", weights: .default)
        tally.record(probabilities: p, actions: [], modelVersion: "m", weights: .default)
        tally.record(probabilities: p, actions: [.hide], modelVersion: "m", weights: .default)
        tally.record(probabilities: p, actions: [], modelVersion: "m", weights: .default)
        #expect(tally.impressions == 4)
        #expect(tally.valuePerImpression == (1 + 2 - 20) / 4.0)
        #expect(tally.rate(.click) == 0.25 && tally.rate(.hide) == 0.25)
        let expected = 0.1 + 2 * 0.05 + 4 * 0.01 + 6 * 0.01 - 20 * 0.01 - 50 * 0.001
        #expect(abs(tally.expectedValuePerImpression - expected) < 1e-12)
        var merged = RoundTally()
        merged.merge(tally)
        merged.merge(tally)
        #expect(merged.impressions == 8 && merged.valuePerImpression == tally.valuePerImpression)
        #expect(merged.impressionsByModel == ["m": 8])
    }

    @Test func armsAreStableAndNearTheControlShare() {
        let users = (1...10_000).map { UserID(UInt64($0)) }
        let control = users.filter { LoopArm.of($0, controlShare: 0.2, seed: 42) == .control }.count
        #expect((1_850...2_150).contains(control))
        #expect(users.allSatisfy { LoopArm.of($0, controlShare: 0.2, seed: 42) == LoopArm.of($0, controlShare: 0.2, seed: 42) })
        #expect(users.allSatisfy { LoopArm.of($0, controlShare: 0, seed: 42) == .treatment })
    }

    @Test func heldOutEvaluationOfAPerfectlyCalibratedModelHasCalibrationNearOne() throws {
        // The baseline model's own click probabilities as the truth: labels drawn from them.
        let model = BaselineModel.valueModel()
        var random = Xoshiro256StarStar(seed: 9)
        var rows: [TrainingRow] = []
        var matrix = FeatureMatrix(columnCount: model.featureCount)
        var features: [[Float]] = []
        for index in 0..<20_000 {
            var vector = [Float](repeating: .nan, count: model.featureCount)
            vector[0] = Float(Double(random.next() >> 11) / Double(1 << 53))
            vector[FeatureSchema.current.index(of: "user_follows_author")!] = index % 3 == 0 ? 1 : 0
            features.append(vector)
            matrix.appendRow(vector)
        }
        let p = model.predict(matrix).probabilities[.click]!
        for (index, vector) in features.enumerated() {
            var labels = ActionLabels()
            labels.click = Double(random.next() >> 11) / Double(1 << 53) < Double(p[index])
            rows.append(TrainingRow(
                requestID: RequestID(UInt64(index)), user: UserID(1), generation: GenerationID(1), modelVersion: "m",
                post: PostID(UInt64(index + 1)), position: index, servedAt: 0, features: vector, labels: labels, weight: 1))
        }
        let evaluation = HeldOutEvaluation(model: model, rows: rows, bins: 5)
        let click = try #require(evaluation.head(.click))
        #expect(abs(click.calibration - 1) < 0.1)
        #expect(click.auc > 0.55)
        #expect(click.bins.count == 5 && click.bins.map(\.rows).reduce(0, +) == rows.count)
        #expect(zip(click.bins, click.bins.dropFirst()).allSatisfy { $0.predicted <= $1.predicted })
        #expect(evaluation.head(.report) == nil, "the baseline has no report head")
    }
}
