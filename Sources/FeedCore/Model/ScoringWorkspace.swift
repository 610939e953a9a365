/// Reusable buffers for scoring batches, so a worker scoring feed after feed does not allocate.
///
/// Keep one per task and pass it to `ValueModel.scores(_:into:workspace:)`; it is not shared.
public struct ScoringWorkspace: Sendable {
    /// Per-head probabilities of the current batch.
    var probabilities: [Float] = []
    /// Rows with each feature twice as `TreeEnsemble.orderedKey`s: NaN → Int32.min (missing goes
    /// left), NaN → Int32.max (missing goes right).
    private var resolvedRows: [Int32] = []
    /// Identifies the batch `resolvedRows` was built for; 0 = none.
    private var resolvedBatch: UInt64 = 0
    private var resolvedWidth = 0
    /// Identifies the current batch; bumped by `beginBatch()`.
    private(set) var batch: UInt64 = 0

    /// Empty buffers; they grow to the largest batch seen.
    public init() {}

    /// Marks the start of a new feature matrix: derived buffers are rebuilt on next use.
    mutating func beginBatch() {
        batch &+= 1
        if batch == 0 { batch = 1 }
    }

    /// Calls `body` with the missing-resolved rows of the first `featureCount` columns of `features`,
    /// built once per batch and shared by every tree head.
    mutating func withMissingResolvedRows<R>(
        of features: FeatureMatrix, featureCount: Int, _ body: (UnsafeBufferPointer<Int32>) -> R
    ) -> R {
        let width = 2 * featureCount
        if batch == 0 || resolvedBatch != batch || resolvedWidth != width {
            if batch == 0 { beginBatch() }
            let rows = features.rowCount
            let columns = features.columnCount
            let needed = rows * width
            if resolvedRows.count < needed { resolvedRows = [Int32](repeating: 0, count: needed) }
            resolvedRows.withUnsafeMutableBufferPointer { resolved in
                features.values.withUnsafeBufferPointer { values in
                    for row in 0..<rows {
                        let source = row * columns
                        let target = row * width
                        for feature in 0..<featureCount {
                            let x = values[source + feature]
                            let missing = x.isNaN
                            let key = missing ? 0 : TreeEnsemble.orderedKey(x)
                            resolved[target + 2 * feature] = missing ? .min : key
                            resolved[target + 2 * feature + 1] = missing ? .max : key
                        }
                    }
                }
            }
            resolvedBatch = batch
            resolvedWidth = width
        }
        return resolvedRows.withUnsafeBufferPointer { body($0) }
    }
}
