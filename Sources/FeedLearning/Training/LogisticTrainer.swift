import FeedCore
import Foundation

/// Trains the value model's logistic-regression heads from joined `TrainingRow`s.
///
/// For each head: split rows by time (`TimeSplit`), account for downsampled negatives
/// (`NegativeWeighting`), impute missing features and add missing indicators, standardize, fit
/// by Newton's method with L2 (`NewtonLogisticSolver`), fold the scaling back into raw weights and
/// write FeedCore's `prefeed.logistic` file. Evaluation reports AUC, log-loss and normalized
/// entropy against the base rate on the later hours. Deterministic: same rows, same bytes.
public struct LogisticTrainer: Sendable {
    /// The trainer's parameters.
    public var configuration: TrainerConfiguration

    /// A trainer with `configuration`.
    public init(configuration: TrainerConfiguration) {
        self.configuration = configuration
    }

    /// Trains every configured head on `rows`.
    public func train(_ rows: [TrainingRow]) throws(TrainerError) -> TrainingResult {
        let featureCount = configuration.schema.count
        if let bad = rows.first(where: { $0.features.count != featureCount }) {
            throw TrainerError("row \(bad.requestID)/\(bad.post) has \(bad.features.count) features, schema has \(featureCount)")
        }
        let (trainIndices, evaluationIndices, firstEvaluationHour) = configuration.split.assign(rows)
        guard !trainIndices.isEmpty else { throw TrainerError("no training rows before the evaluation hours") }
        guard !evaluationIndices.isEmpty else { throw TrainerError("no evaluation rows") }
        let joinRate = 1 / max(1, rows.map(\.weight).max() ?? 1)
        let sampler = NegativeSampler(rate: joinRate)
        let evaluationWeights = evaluationIndices.map { rows[$0].weight }
        var heads: [ActionType: LogisticModelFile.Head] = [:]
        var metrics: [HeadMetrics] = []
        var predictions: [ActionType: [Double]] = [:]
        for action in configuration.heads {
            // The head's training set and weights.
            var selected: [Int] = []
            var weights: [Double] = []
            for index in trainIndices {
                let row = rows[index]
                switch configuration.weighting {
                case .importance:
                    selected.append(index)
                    weights.append(row.weight)
                case .calibrated:
                    if row.labels[action] || row.weight > 1 || sampler.keeps(request: row.requestID, post: row.post) {
                        selected.append(index)
                        weights.append(1)
                    }
                }
            }
            let labels = selected.map { rows[$0].labels[action] }
            let positives = labels.filter { $0 }.count
            let rate = configuration.weighting == .calibrated ? joinRate : 1
            let evaluationLabels = evaluationIndices.map { rows[$0].labels[action] }
            var entry = HeadMetrics(
                action: action, trained: false, trainingRows: selected.count, trainingPositives: positives,
                evaluationRows: evaluationIndices.count, evaluationPositives: evaluationLabels.filter { $0 }.count,
                negativeSamplingRate: rate, baseRate: BinaryMetrics.baseRate(labels: evaluationLabels, weights: evaluationWeights),
                auc: .nan, logLoss: .nan, baselineLogLoss: .nan, normalizedEntropy: .nan, calibration: .nan,
                iterations: 0, converged: false)
            entry.baselineLogLoss = BinaryMetrics.entropy(entry.baseRate)
            guard positives > 0, positives < selected.count else {
                metrics.append(entry)
                continue
            }
            let preprocessor = FeaturePreprocessor(
                rows: selected.map { rows[$0].features }, weights: weights, featureCount: featureCount)
            var design: [Double] = []
            design.reserveCapacity(selected.count * preprocessor.width)
            for index in selected { preprocessor.appendRow(rows[index].features, to: &design) }
            let solver = NewtonLogisticSolver(
                l2: configuration.l2, maxIterations: configuration.maxIterations, tolerance: configuration.tolerance)
            let solution = solver.solve(design: design, width: preprocessor.width, labels: labels, weights: weights)
            let raw = preprocessor.head(intercept: solution.intercept, beta: solution.beta)
            heads[action] = LogisticModelFile.Head(
                bias: raw.bias, weights: raw.weights, imputationMeans: preprocessor.imputationMeans,
                missingWeights: raw.missingWeights, negativeSamplingRate: Float(rate))
            // Evaluation in the standardized space the solver fitted (the file is checked against it in tests).
            var probabilities: [Double] = []
            probabilities.reserveCapacity(evaluationIndices.count)
            var designRow: [Double] = []
            for index in evaluationIndices {
                designRow.removeAll(keepingCapacity: true)
                preprocessor.appendRow(rows[index].features, to: &designRow)
                var z = solution.intercept
                for (coefficient, value) in zip(solution.beta, designRow) { z += coefficient * value }
                let q = 1 / (1 + exp(-z))
                probabilities.append(rate == 1 ? q : q / (q + (1 - q) / Double(Float(rate))))
            }
            predictions[action] = probabilities
            entry.trained = true
            entry.iterations = solution.iterations
            entry.converged = solution.converged
            entry.auc = BinaryMetrics.auc(scores: probabilities, labels: evaluationLabels, weights: evaluationWeights)
            entry.logLoss = BinaryMetrics.logLoss(probabilities: probabilities, labels: evaluationLabels, weights: evaluationWeights)
            entry.normalizedEntropy = entry.baselineLogLoss > 0 ? entry.logLoss / entry.baselineLogLoss : .nan
            let predicted = zip(probabilities, evaluationWeights).reduce(0) { $0 + $1.0 * $1.1 }
            let observed = zip(evaluationLabels, evaluationWeights).reduce(0) { $0 + ($1.0 ? $1.1 : 0) }
            entry.calibration = observed > 0 ? predicted / observed : .nan
            metrics.append(entry)
        }
        guard !heads.isEmpty else { throw TrainerError("no head has both positive and negative training rows") }
        let model = LogisticModelFile(
            modelVersion: configuration.modelVersion, featureSchema: configuration.schema, negativeSamplingRate: nil,
            heads: heads)
        return TrainingResult(
            model: model, metrics: metrics, trainingRows: trainIndices, evaluationRows: evaluationIndices,
            firstEvaluationHour: firstEvaluationHour, evaluationPredictions: predictions)
    }
}
