import Foundation

/// The value model: one probability head per action, combined as score = Σ weight(a) · p(a).
///
/// Actions without a head contribute nothing. Heads may mix kinds (logistic and trees).
public struct ValueModel: Sendable {
    /// The model's version, recorded with every generation it ranks.
    public let version: String
    /// The weight of each action in the score.
    public let weights: ActionWeights
    /// The actions that have a head, in `ActionType.heads` order.
    public let actions: [ActionType]
    private let heads: [any ActionHead]
    /// The logistic heads, evaluated together in one pass; `nil` when fewer than two.
    private let logisticGroup: LogisticHeadGroup?
    private let logisticWeights: [Float]
    /// The heads not in `logisticGroup`, with their weights.
    private let otherHeads: [(head: any ActionHead, weight: Float)]

    /// A model from heads by action. `dwell` cannot have a head.
    public init(version: String, heads: [ActionType: any ActionHead], weights: ActionWeights = .default) {
        precondition(!heads.isEmpty, "a value model needs at least one head")
        precondition(heads.keys.allSatisfy(\.isHead), "dwell has no head")
        let featureCounts = Set(heads.values.map(\.featureCount))
        precondition(featureCounts.count == 1, "heads disagree on the number of features")
        self.version = version
        self.weights = weights
        self.actions = ActionType.heads.filter { heads[$0] != nil }
        self.heads = actions.map { heads[$0]! }
        let logistic = actions.compactMap { action in (heads[action] as? LogisticHead).map { (action, $0) } }
        if logistic.count >= 2 {
            logisticGroup = LogisticHeadGroup(logistic.map(\.1))
            logisticWeights = logistic.map { weights[$0.0] }
            let grouped = Set(logistic.map(\.0))
            otherHeads = actions.filter { !grouped.contains($0) }.map { (heads[$0]!, weights[$0]) }
        } else {
            logisticGroup = nil
            logisticWeights = []
            otherHeads = actions.map { (heads[$0]!, weights[$0]) }
        }
    }

    /// Features each row must have.
    public var featureCount: Int { heads[0].featureCount }

    /// Loads a logistic-regression model file (see `LogisticModelFile`), checking its feature schema.
    public static func logistic(
        json data: Data, schema: FeatureSchema = .current, weights: ActionWeights = .default
    ) throws(ModelLoadError) -> ValueModel {
        let file = try LogisticModelFile.decode(data)
        let heads = try file.heads(checkedAgainst: schema)
        return ValueModel(version: file.modelVersion, heads: heads, weights: weights)
    }

    /// Loads one xgboost JSON model per action, checking each one's feature names against `schema`.
    /// `negativeSamplingRates` overrides a model's own `negative_sampling_rate` attribute.
    public static func gradientBoosted(
        version: String, json models: [ActionType: Data], schema: FeatureSchema = .current,
        negativeSamplingRates: [ActionType: Float] = [:], weights: ActionWeights = .default
    ) throws(ModelLoadError) -> ValueModel {
        guard !models.isEmpty else { throw ModelLoadError(.malformed, "no xgboost heads given") }
        var heads: [ActionType: any ActionHead] = [:]
        for (action, data) in models {
            guard action.isHead else { throw ModelLoadError(.malformed, "\(action) cannot have a head") }
            do {
                let ensemble = try XGBoostModelLoader.load(data, schema: schema)
                heads[action] = try TreeEnsembleHead(ensemble, negativeSamplingRate: negativeSamplingRates[action])
            } catch {
                throw ModelLoadError(error.code, "\(action) head: \(error.message)", mismatch: error.mismatch)
            }
        }
        return ValueModel(version: version, heads: heads, weights: weights)
    }

    /// The value score of every row of `features`.
    public func scores(_ features: FeatureMatrix) -> [Float] {
        var workspace = ScoringWorkspace()
        var scores: [Float] = []
        self.scores(features, into: &scores, workspace: &workspace)
        return scores
    }

    /// The value scores of every row into `scores` (resized), reusing `workspace` to avoid allocations.
    public func scores(_ features: FeatureMatrix, into scores: inout [Float], workspace: inout ScoringWorkspace) {
        let rows = features.rowCount
        scores.removeAll(keepingCapacity: true)
        scores.append(contentsOf: repeatElement(0, count: rows))
        workspace.beginBatch()
        var probabilities = workspace.probabilities
        workspace.probabilities = []
        let groupSize = logisticGroup?.heads.count ?? 0
        if probabilities.count < rows * max(1, groupSize) {
            probabilities = [Float](repeating: 0, count: rows * max(1, groupSize))
        }
        probabilities.withUnsafeMutableBufferPointer { probabilities in
            scores.withUnsafeMutableBufferPointer { total in
                if let logisticGroup {
                    logisticGroup.predictProbabilities(features, into: probabilities)
                    for row in 0..<rows {
                        var sum: Float = 0
                        for h in 0..<groupSize { sum += logisticWeights[h] * probabilities[row * groupSize + h] }
                        total[row] += sum
                    }
                }
                for (head, weight) in otherHeads {
                    head.predictProbabilities(features, into: probabilities, workspace: &workspace)
                    for row in 0..<rows { total[row] += weight * probabilities[row] }
                }
            }
        }
        workspace.probabilities = probabilities
    }

    /// Scores and every head's probabilities (for logs and debugging).
    public func predict(_ features: FeatureMatrix) -> ValuePrediction {
        var probabilities: [ActionType: [Float]] = [:]
        var workspace = ScoringWorkspace()
        workspace.beginBatch()
        for (index, head) in heads.enumerated() {
            probabilities[actions[index]] = [Float](unsafeUninitializedCapacity: features.rowCount) { buffer, initialized in
                head.predictProbabilities(features, into: buffer, workspace: &workspace)
                initialized = features.rowCount
            }
        }
        return ValuePrediction(scores: scores(features), probabilities: probabilities)
    }
}

/// The value model's output for a batch: scores and per-action probabilities, by row.
public struct ValuePrediction: Sendable {
    public var scores: [Float]
    public var probabilities: [ActionType: [Float]]
}
