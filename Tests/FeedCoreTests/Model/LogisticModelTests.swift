import Foundation
import Testing

@testable import FeedCore

@Suite struct LogisticModelTests {
    static let fixtureSchema = FeatureSchema(version: 1, names: (0..<10).map { "f\($0)" })

    /// lr_parity.json against lr_parity_expected.csv, written by Fixtures/make_lr_fixture.py (pure Python).
    @Test func parityWithPythonReference() throws {
        let file = try LogisticModelFile.decode(Fixtures.data("lr_parity.json"))
        let heads = try file.heads(checkedAgainst: Self.fixtureSchema)
        #expect(heads.count == 6)
        let model = ValueModel(version: file.modelVersion, heads: heads)
        #expect(model.version == "lr-parity-fixture-1")

        let table = CSVTable(try Fixtures.data("lr_parity_expected.csv"))
        var matrix = FeatureMatrix(columnCount: 10)
        for row in table.rows { matrix.appendRow(row.prefix(10).map { Float($0.csvDouble) }) }
        let prediction = model.predict(matrix)
        let scores = model.scores(matrix)
        var worst: Float = 0
        for (rowIndex, row) in table.rows.enumerated() {
            for action in ActionType.heads {
                let expected = Float(row[table.column("p_\(action.rawValue)")!].csvDouble)
                let actual = prediction.probabilities[action]![rowIndex]
                worst = max(worst, abs(actual - expected))
                #expect(abs(actual - expected) <= 1e-6, "row \(rowIndex) \(action): \(actual) vs \(expected)")
            }
            let expectedScore = Float(row[table.column("score")!].csvDouble)
            #expect(abs(scores[rowIndex] - expectedScore) <= 1e-5 * max(1, abs(expectedScore)))
            #expect(scores[rowIndex] == prediction.scores[rowIndex])
        }
        #expect(worst <= 1e-6)
    }

    @Test func schemaMismatchNamesTheDifference() throws {
        let data = try Fixtures.data("lr_parity.json")
        let file = try LogisticModelFile.decode(data)
        // The fixture's f0…f9 is not the code's schema.
        let error = #expect(throws: ModelLoadError.self) { try ValueModel.logistic(json: data) }
        #expect(error?.code == .schemaMismatch)
        #expect(error?.mismatch?.missing.contains("post_freshness") == true)
        #expect(error?.mismatch?.extra.contains("f0") == true)

        var reorderedNames = Self.fixtureSchema.names
        reorderedNames.swapAt(2, 5)
        let reordered = #expect(throws: ModelLoadError.self) {
            try file.heads(checkedAgainst: FeatureSchema(version: 1, names: reorderedNames))
        }
        #expect(reordered?.mismatch?.reordered == ["f5", "f2"])
        #expect(reordered?.message.contains("reordered: f5, f2") == true)

        let extra = #expect(throws: ModelLoadError.self) {
            try file.heads(checkedAgainst: FeatureSchema(version: 1, names: Self.fixtureSchema.names + ["f10"]))
        }
        #expect(extra?.mismatch?.missing == ["f10"])

        let newerVersion = #expect(throws: ModelLoadError.self) {
            try file.heads(checkedAgainst: FeatureSchema(version: 2, names: Self.fixtureSchema.names))
        }
        #expect(newerVersion?.code == .schemaMismatch)

        var tampered = file
        tampered.featureSchema.hash = String(repeating: "0", count: 64)
        let badHash = #expect(throws: ModelLoadError.self) { try tampered.heads(checkedAgainst: Self.fixtureSchema) }
        #expect(badHash?.code == .malformed)
    }

    @Test func roundTripsAndLoadsOnCurrentSchema() throws {
        let count = FeatureSchema.current.count
        let head = LogisticModelFile.Head(bias: -1, weights: Array(repeating: 0.01, count: count), negativeSamplingRate: 0.5)
        let file = LogisticModelFile(modelVersion: "lr-test", heads: [.click: head, .hide: head])
        let data = try file.encoded()
        let model = try ValueModel.logistic(json: data)
        #expect(model.actions == [.click, .hide])
        #expect(try LogisticModelFile.decode(data) == file)

        var badRate = file
        badRate.heads["click"]?.negativeSamplingRate = 0
        let error = #expect(throws: ModelLoadError.self) { try ValueModel.logistic(json: try badRate.encoded()) }
        #expect(error?.code == .invalidParameter)

        var unknownHead = file
        unknownHead.heads["dwell"] = head
        #expect(throws: ModelLoadError.self) { try ValueModel.logistic(json: try unknownHead.encoded()) }

        #expect(throws: ModelLoadError.self) { try ValueModel.logistic(json: Data("not json".utf8)) }
    }

    /// The fused evaluation of several heads gives exactly the per-head results.
    @Test func groupedHeadsEqualSingleHeads() throws {
        let file = try LogisticModelFile.decode(Fixtures.data("lr_parity.json"))
        let heads = try file.heads(checkedAgainst: Self.fixtureSchema)
        let ordered = ActionType.heads.compactMap { heads[$0] }
        let group = LogisticHeadGroup(ordered)
        var random = SplitMix64(seed: 3)
        let values = (0..<(10 * 64)).map { _ in random.nextUnit() < 0.2 ? Float.nan : Float(random.nextUnit() * 8 - 4) }
        let matrix = FeatureMatrix(columnCount: 10, values: values)
        var grouped = [Float](repeating: 0, count: 64 * ordered.count)
        grouped.withUnsafeMutableBufferPointer { group.predictProbabilities(matrix, into: $0) }
        for (h, head) in ordered.enumerated() {
            let single = head.probabilities(matrix)
            for row in 0..<64 { #expect(grouped[row * ordered.count + h].bitPattern == single[row].bitPattern) }
        }
    }

    @Test func missingFeaturesUseImputationAndIndicator() {
        let head = LogisticHead(bias: 0.5, weights: [2, -1], imputationMeans: [0.25, 3], missingWeights: [0.1, 0.2])
        let z = [Float.nan, 1].withUnsafeBufferPointer { head.logit($0) }
        #expect(abs(z - (0.5 + 2 * 0.25 + 0.1 - 1)) < 1e-12)
        let p = head.probability([.nan, 1])
        #expect(abs(p - Float(1 / (1 + exp(-z)))) < 1e-7)
    }
}
