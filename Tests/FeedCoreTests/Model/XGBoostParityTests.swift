import Foundation
import Testing

@testable import FeedCore

/// Every `xgb_<name>.json` fixture (written by Ops/ml/make_xgb_fixtures.py with real xgboost) against
/// its `xgb_<name>_expected.csv`: |swift − xgboost| ≤ 1e-6 for margin and probability on every row.
@Suite struct XGBoostParityTests {
    static let tolerance: Float = 1e-6

    static func fixtureNames() throws -> [String] {
        try Fixtures.names(prefix: "xgb_", suffix: "_expected.csv").map { String($0.dropLast("_expected.csv".count)) }
    }

    @Test func fixturesArePresent() throws {
        #expect(try Self.fixtureNames().count >= 1)
    }

    @Test(arguments: try fixtureNames())
    func parity(name: String) throws {
        let ensemble = try XGBoostModelLoader.loadRaw(Fixtures.data("\(name).json"))
        let table = CSVTable(try Fixtures.data("\(name)_expected.csv"))
        let featureCount = table.header.count - 2
        #expect(table.header.suffix(2) == ["margin", "prob"])
        #expect(featureCount == ensemble.featureCount)
        if let names = ensemble.featureNames { #expect(Array(table.header.prefix(featureCount)) == names) }

        // xgboost casts float64 inputs to float32 before comparing.
        var matrix = FeatureMatrix(columnCount: featureCount)
        var expectedMargins: [Float] = []
        var expectedProbabilities: [Float] = []
        for row in table.rows {
            matrix.appendRow(row.prefix(featureCount).map { Float($0.csvDouble) })
            expectedMargins.append(Float(row[featureCount].csvDouble))
            expectedProbabilities.append(Float(row[featureCount + 1].csvDouble))
        }
        #expect(matrix.rowCount > 0)

        let batch = ensemble.margins(matrix)
        let nodeTable = ensemble.withoutCompleteLayout().margins(matrix)
        var worstMargin: Float = 0
        var worstProbability: Float = 0
        var failures = 0
        for row in 0..<matrix.rowCount {
            let single = ensemble.margin(Array(matrix.row(row)))
            let probability = TreeEnsemble.sigmoid(batch[row])
            let marginError = max(abs(batch[row] - expectedMargins[row]), abs(single - expectedMargins[row]),
                                  abs(nodeTable[row] - expectedMargins[row]))
            let probabilityError = abs(probability - expectedProbabilities[row])
            worstMargin = max(worstMargin, marginError)
            worstProbability = max(worstProbability, probabilityError)
            if marginError > Self.tolerance || probabilityError > Self.tolerance {
                failures += 1
                if failures <= 3 {
                    Issue.record("\(name) row \(row): margin \(batch[row]) (single \(single)) vs \(expectedMargins[row]), prob \(probability) vs \(expectedProbabilities[row])")
                }
            }
        }
        #expect(failures == 0, "\(name): \(failures) of \(matrix.rowCount) rows off; worst margin \(worstMargin), prob \(worstProbability)")
    }

    /// Batches (complete layout, integer keys, four rows at a time) must equal the node-table walk bit
    /// for bit, including on split thresholds, ±0, ±∞, NaN and values one ulp either side of a split.
    @Test(arguments: try fixtureNames())
    func batchEqualsNodeTableOnEdgeValues(name: String) throws {
        let ensemble = try XGBoostModelLoader.loadRaw(Fixtures.data("\(name).json"))
        let csv = CSVTable(try Fixtures.data("\(name)_expected.csv"))
        let thresholds = csv.rows.flatMap { $0.prefix(ensemble.featureCount).map { Float($0.csvDouble) } }
            .filter { $0.isFinite }
        var random = SplitMix64(seed: 17)
        var values: [Float] = []
        let rows = 203
        for _ in 0..<(rows * ensemble.featureCount) {
            let pick = thresholds.isEmpty ? 0 : thresholds[random.nextInt(below: thresholds.count)]
            switch random.nextInt(below: 9) {
            case 0: values.append(.nan)
            case 1: values.append(0)
            case 2: values.append(-0.0)
            case 3: values.append(.infinity)
            case 4: values.append(-.infinity)
            case 5: values.append(pick.nextUp)
            case 6: values.append(pick.nextDown)
            default: values.append(pick)
            }
        }
        let matrix = FeatureMatrix(columnCount: ensemble.featureCount, values: values)
        let batch = ensemble.margins(matrix)
        for row in 0..<rows {
            let single = ensemble.margin(Array(matrix.row(row)))
            #expect(batch[row].bitPattern == single.bitPattern, "\(name) row \(row): \(batch[row]) vs \(single)")
        }
    }

    @Test func orderedKeysKeepFloatOrder() {
        let values: [Float] = [-.infinity, -.greatestFiniteMagnitude, -1.5, -.leastNonzeroMagnitude, 0,
                               .leastNonzeroMagnitude, 1, 1.5, .greatestFiniteMagnitude, .infinity]
        for (a, b) in zip(values, values.dropFirst()) {
            #expect(TreeEnsemble.orderedKey(a) < TreeEnsemble.orderedKey(b))
        }
        #expect(TreeEnsemble.orderedKey(-0.0) == TreeEnsemble.orderedKey(0))
        #expect(TreeEnsemble.orderedKey(-.infinity) > Int32.min)
        #expect(TreeEnsemble.orderedKey(.infinity) < Int32.max)
    }

    @Test func baseScoreFormats() {
        #expect(XGBoostJSON.parseBaseScore("5E-1") == 0.5)
        #expect(XGBoostJSON.parseBaseScore("[5E-1]") == 0.5)
        #expect(XGBoostJSON.parseBaseScore(" [2.5E-1] ") == 0.25)
        #expect(XGBoostJSON.parseBaseScore("[1E-1,2E-1]") == nil)
        #expect(XGBoostJSON.parseBaseScore("abc") == nil)
        #expect(TreeEnsemble.logisticBaseMargin(0.5) == 0)
    }

    @Test func productionLoaderChecksFeatureNames() throws {
        let data = try Fixtures.data("xgb_tiny.json")
        // Matching names load.
        let matching = FeatureSchema(version: 1, names: ["f0", "f1", "f2"])
        #expect(try XGBoostModelLoader.load(data, schema: matching).treeCount == 1)

        let reordered = FeatureSchema(version: 1, names: ["f1", "f0", "f2"])
        let error = #expect(throws: ModelLoadError.self) { try XGBoostModelLoader.load(data, schema: reordered) }
        #expect(error?.code == .schemaMismatch)
        #expect(error?.mismatch?.reordered == ["f1", "f0"])

        let renamed = FeatureSchema(version: 1, names: ["f0", "f1", "post_freshness"])
        let renamedError = #expect(throws: ModelLoadError.self) { try XGBoostModelLoader.load(data, schema: renamed) }
        #expect(renamedError?.mismatch?.missing == ["post_freshness"])
        #expect(renamedError?.mismatch?.extra == ["f2"])
        #expect(renamedError?.message.contains("post_freshness") == true)

        // The code's own schema is not f0..f2.
        let current = #expect(throws: ModelLoadError.self) { try XGBoostModelLoader.load(data) }
        #expect(current?.code == .schemaMismatch)
    }

    @Test func rejectsWhatItCannotEvaluate() throws {
        let tiny = String(decoding: try Fixtures.data("xgb_tiny.json"), as: UTF8.self)
        let softmax = tiny.replacingOccurrences(of: "binary:logistic", with: "multi:softprob")
        let error = #expect(throws: ModelLoadError.self) { try XGBoostModelLoader.loadRaw(Data(softmax.utf8)) }
        #expect(error?.code == .unsupported)

        let badChild = tiny.replacingOccurrences(of: "\"left_children\":[1,3,5", with: "\"left_children\":[9,3,5")
        let malformed = #expect(throws: ModelLoadError.self) { try XGBoostModelLoader.loadRaw(Data(badChild.utf8)) }
        #expect(malformed?.code == .malformed)

        let garbage = #expect(throws: ModelLoadError.self) { try XGBoostModelLoader.loadRaw(Data("{}".utf8)) }
        #expect(garbage?.code == .malformed)
    }

    /// A hand-made chain of depth 12 is deeper than the complete layout allows, so batches use the
    /// node table; both paths must agree.
    @Test func deepTreesUseNodeTable() throws {
        // Split k sits at index 2k, tests feature k % 3 against k; its left child (2k + 1) is a leaf
        // worth k / 10, its right child is split k + 1; the last split's right child is a leaf worth 99.
        let depth = 12
        var left: [Int] = []
        var right: [Int] = []
        var feature: [Int] = []
        var value: [Float] = []
        for k in 0..<depth {
            left += [2 * k + 1, -1]
            right += [2 * k + 2, -1]
            feature += [k % 3, 0]
            value += [Float(k), Float(k) / 10]
        }
        left.append(-1)
        right.append(-1)
        feature.append(0)
        value.append(99)
        let tree = TreeEnsemble.RawTree(
            left: left, right: right, feature: feature, value: value,
            defaultLeft: Array(repeating: true, count: left.count))
        let ensemble = try TreeEnsemble(trees: [tree], baseScore: 0.5, featureCount: 3, featureNames: nil, attributes: [:])
        #expect(ensemble.maxDepth == depth)
        #expect(!ensemble.usesCompleteLayout)
        #expect(ensemble.margin([100, 100, 100]) == 99)
        #expect(ensemble.margin([0.5, 100, 100]) == Float(3) / 10)
        #expect(ensemble.margin([.nan, 100, 100]) == 0)
        let matrix = FeatureMatrix(columnCount: 3, values: [100, 100, 100, 0.5, 100, 100, .nan, 100, 100])
        #expect(ensemble.margins(matrix) == [99, Float(3) / 10, 0])
    }
}
