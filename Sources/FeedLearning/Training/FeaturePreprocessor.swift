/// Turns logged feature vectors into the standardized design matrix the solver fits, and the
/// fitted coefficients back into FeedCore's logistic head (`LogisticModelFile.Head`).
///
/// Per feature j: a value column (NaN imputed with the weighted training mean `m_j`) and a
/// "j is missing" indicator column. Columns are centred and scaled to unit variance for the
/// solver (L2 then treats features alike); constant columns are dropped. The file has no place
/// for scaling, so `head(...)` folds it back: raw weight `β/σ`, bias `b − Σ β·μ/σ`. A missing
/// feature then contributes `w_j·m_j + missing_j` exactly as `LogisticHead` computes.
/// Non-finite values other than NaN are treated as missing.
struct FeaturePreprocessor: Sendable {
    /// One design column: feature index, whether it is the indicator, mean and scale.
    struct Column: Sendable {
        var feature: Int
        var isIndicator: Bool
        var mean: Double
        var scale: Double
    }

    let featureCount: Int
    let imputationMeans: [Double]
    let columns: [Column]

    /// Fits imputation means and column scales on `rows` (feature vectors) with `weights`.
    init(rows: [[Float]], weights: [Double], featureCount: Int) {
        self.featureCount = featureCount
        var presentWeight = [Double](repeating: 0, count: featureCount)
        var presentSum = [Double](repeating: 0, count: featureCount)
        var total = 0.0
        for (row, weight) in zip(rows, weights) {
            total += weight
            for j in 0..<featureCount where row[j].isFinite {
                presentWeight[j] += weight
                presentSum[j] += weight * Double(row[j])
            }
        }
        let means = (0..<featureCount).map { presentWeight[$0] > 0 ? presentSum[$0] / presentWeight[$0] : 0 }
        // Second pass: variance of the imputed value column (its mean is `means[j]`) and of the indicator.
        var squares = [Double](repeating: 0, count: featureCount)
        for (row, weight) in zip(rows, weights) {
            for j in 0..<featureCount where row[j].isFinite {
                let d = Double(row[j]) - means[j]
                squares[j] += weight * d * d
            }
        }
        var columns: [Column] = []
        for j in 0..<featureCount where total > 0 {
            let variance = squares[j] / total
            if variance > 1e-24 {
                columns.append(Column(feature: j, isIndicator: false, mean: means[j], scale: variance.squareRoot()))
            }
            let missing = (total - presentWeight[j]) / total
            let indicatorVariance = missing * (1 - missing)
            if indicatorVariance > 1e-12 {
                columns.append(Column(feature: j, isIndicator: true, mean: missing, scale: indicatorVariance.squareRoot()))
            }
        }
        self.imputationMeans = means
        self.columns = columns
    }

    /// Design columns.
    var width: Int { columns.count }

    /// Appends the standardized design row of `features` to `design`.
    func appendRow(_ features: [Float], to design: inout [Double]) {
        for column in columns {
            let x = features[column.feature]
            let value: Double
            if column.isIndicator {
                value = x.isFinite ? 0 : 1
            } else {
                value = x.isFinite ? Double(x) : imputationMeans[column.feature]
            }
            design.append((value - column.mean) / column.scale)
        }
    }

    /// The raw-space head of coefficients `beta` (one per column) and `intercept`.
    func head(intercept: Double, beta: [Double]) -> (bias: Double, weights: [Double], missingWeights: [Double]) {
        var bias = intercept
        var weights = [Double](repeating: 0, count: featureCount)
        var missingWeights = [Double](repeating: 0, count: featureCount)
        for (column, coefficient) in zip(columns, beta) {
            let raw = coefficient / column.scale
            bias -= raw * column.mean
            if column.isIndicator {
                missingWeights[column.feature] = raw
            } else {
                weights[column.feature] = raw
            }
        }
        return (bias, weights, missingWeights)
    }
}
