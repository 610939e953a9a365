import Foundation

/// Gradient-boosted binary trees (an xgboost `binary:logistic` gbtree) flattened for fast scoring.
///
/// Semantics are xgboost's: a present value goes left iff `Float(x) < split_condition`; a missing
/// value (NaN) follows the node's default direction; the margin starts at the base margin and adds
/// one leaf per tree in tree order, in Float (32-bit), so results match xgboost bit for bit or
/// within an ulp. Trees live in contiguous arrays (no node objects, no dictionaries). For batches
/// each tree is also padded to a complete binary tree (`2^depth − 1` splits) so traversal is a fixed
/// number of branch-free steps.
public struct TreeEnsemble: Sendable {
    /// Features a row must have: the model's `num_feature`.
    public let featureCount: Int
    /// The feature names stored in the model, if it was trained with named features.
    public let featureNames: [String]?
    /// `learner.attributes` of the xgboost file (e.g. a `negative_sampling_rate` set by the trainer).
    public let attributes: [String: String]
    /// Number of trees.
    public let treeCount: Int
    /// The deepest tree's depth (a root-only tree has depth 0).
    public let maxDepth: Int
    /// The model's base_score (a probability for `binary:logistic`).
    public let baseScore: Float
    /// The starting margin: `-logf(1/b − 1)` of the clamped base score, in Float like xgboost.
    public let baseMargin: Float

    // Node table: every node of every tree, struct-of-arrays. Children are absolute indices.
    private let nodeFeature: [Int32]
    /// Split threshold of a split node, leaf value of a leaf.
    private let nodeValue: [Float]
    /// Left child, or -1 for a leaf.
    private let nodeLeft: [Int32]
    private let nodeRight: [Int32]
    private let nodeDefaultLeft: [Bool]
    private let treeRoots: [Int32]

    // Complete layout: per tree `2^d − 1` splits in breadth-first order and `2^d` leaves. A split reads
    // column `2·feature + (defaultLeft ? 0 : 1)` of a missing-resolved row (see `ScoringWorkspace`):
    // values as `orderedKey`s, NaN as Int32.min in the even column and Int32.max in the odd one, so
    // "key ≥ threshold key → right" alone also sends a missing value to the node's default side.
    /// Depth `d` of the complete layout, −1 when it is not built (trees too deep).
    let completeDepth: Int
    private let completeSplits: [CompleteSplit]
    private let completeLeaves: [Float]

    struct CompleteSplit {
        /// `TreeEnsemble.orderedKey` of the split condition.
        var threshold: Int32
        var column: UInt32
    }

    /// `value.orderedKey`: split tests become integer compares.
    @inline(__always)
    static func orderedKey(_ value: Float) -> Int32 { value.orderedKey }

    /// The deepest tree padded to a complete layout; deeper ensembles use the node table only.
    static let maxCompleteDepth = 10

    /// One tree in xgboost's own arrays (indices local to the tree).
    struct RawTree {
        var left: [Int]
        var right: [Int]
        var feature: [Int]
        var value: [Float]
        var defaultLeft: [Bool]
    }

    /// Builds the ensemble, validating every tree. `completeLayout: false` keeps only the node table.
    init(
        trees: [RawTree], baseScore: Float, featureCount: Int, featureNames: [String]?,
        attributes: [String: String], completeLayout: Bool = true
    ) throws(ModelLoadError) {
        guard featureCount > 0 else { throw ModelLoadError(.malformed, "num_feature is \(featureCount)") }
        guard baseScore.isFinite else { throw ModelLoadError(.malformed, "base_score is not finite") }
        var nodeFeature: [Int32] = []
        var nodeValue: [Float] = []
        var nodeLeft: [Int32] = []
        var nodeRight: [Int32] = []
        var nodeDefaultLeft: [Bool] = []
        var treeRoots: [Int32] = []
        var depths: [Int] = []
        for (t, tree) in trees.enumerated() {
            let n = tree.left.count
            guard n > 0, tree.right.count == n, tree.feature.count == n, tree.value.count == n,
                tree.defaultLeft.count == n
            else { throw ModelLoadError(.malformed, "tree \(t): node arrays are empty or differ in length") }
            let offset = nodeValue.count
            guard offset + n < Int(Int32.max) else { throw ModelLoadError(.unsupported, "too many nodes") }
            // Walk from the root: every node reached once (no cycles, no sharing), children in range.
            var depth = 0
            var seen = [Bool](repeating: false, count: n)
            var stack: [(node: Int, depth: Int)] = [(0, 0)]
            while let (node, level) = stack.popLast() {
                guard !seen[node] else { throw ModelLoadError(.malformed, "tree \(t): node \(node) reached twice") }
                seen[node] = true
                depth = max(depth, level)
                let (l, r) = (tree.left[node], tree.right[node])
                if l == -1 {
                    guard r == -1 else { throw ModelLoadError(.malformed, "tree \(t): node \(node) has one child") }
                    guard tree.value[node].isFinite else {
                        throw ModelLoadError(.malformed, "tree \(t): leaf \(node) is not finite")
                    }
                    continue
                }
                guard (0..<n).contains(l), (0..<n).contains(r), l != node, r != node else {
                    throw ModelLoadError(.malformed, "tree \(t): node \(node) has children out of range")
                }
                guard (0..<featureCount).contains(tree.feature[node]) else {
                    throw ModelLoadError(
                        .malformed, "tree \(t): node \(node) splits on feature \(tree.feature[node]) of \(featureCount)")
                }
                guard !tree.value[node].isNaN else {
                    throw ModelLoadError(.malformed, "tree \(t): node \(node) has a NaN split condition")
                }
                stack.append((l, level + 1))
                stack.append((r, level + 1))
            }
            depths.append(depth)
            treeRoots.append(Int32(offset))
            for i in 0..<n {
                let isLeaf = tree.left[i] == -1
                nodeFeature.append(isLeaf ? 0 : Int32(tree.feature[i]))
                nodeValue.append(tree.value[i])
                nodeLeft.append(isLeaf ? -1 : Int32(offset + tree.left[i]))
                nodeRight.append(isLeaf ? -1 : Int32(offset + tree.right[i]))
                nodeDefaultLeft.append(tree.defaultLeft[i])
            }
        }
        self.featureCount = featureCount
        self.featureNames = featureNames
        self.attributes = attributes
        self.treeCount = trees.count
        self.maxDepth = depths.max() ?? 0
        self.baseScore = baseScore
        self.baseMargin = TreeEnsemble.logisticBaseMargin(baseScore)
        self.nodeFeature = nodeFeature
        self.nodeValue = nodeValue
        self.nodeLeft = nodeLeft
        self.nodeRight = nodeRight
        self.nodeDefaultLeft = nodeDefaultLeft
        self.treeRoots = treeRoots

        let d = maxDepth
        let finiteSplits = nodeLeft.indices.allSatisfy { nodeLeft[$0] < 0 || nodeValue[$0].isFinite }
        if completeLayout, finiteSplits, d <= TreeEnsemble.maxCompleteDepth {
            let splitCount = (1 << d) - 1
            var splits = [CompleteSplit](repeating: CompleteSplit(threshold: 0, column: 0), count: splitCount * trees.count)
            var leaves = [Float](repeating: 0, count: (splitCount + 1) * trees.count)
            for (t, tree) in trees.enumerated() {
                // Place node `node` at complete position `slot` on `level`. A leaf above the last level
                // fills every leaf slot under it, so the padding splits' directions do not matter.
                var stack: [(node: Int, slot: Int, level: Int)] = [(0, 0, 0)]
                while let (node, slot, level) = stack.popLast() {
                    if level == d {
                        leaves[t * (splitCount + 1) + slot - splitCount] = tree.value[node]
                        continue
                    }
                    if tree.left[node] == -1 {
                        stack.append((node, 2 * slot + 1, level + 1))
                        stack.append((node, 2 * slot + 2, level + 1))
                    } else {
                        splits[t * splitCount + slot] = CompleteSplit(
                            threshold: TreeEnsemble.orderedKey(tree.value[node]),
                            column: UInt32(2 * tree.feature[node] + (tree.defaultLeft[node] ? 0 : 1)))
                        stack.append((tree.left[node], 2 * slot + 1, level + 1))
                        stack.append((tree.right[node], 2 * slot + 2, level + 1))
                    }
                }
            }
            completeDepth = d
            completeSplits = splits
            completeLeaves = leaves
        } else {
            completeDepth = -1
            completeSplits = []
            completeLeaves = []
        }
    }

    /// xgboost's base margin for `binary:logistic`: clamp b to [1e-6, 1 − 1e-6], then `-logf(1/b − 1)`.
    static func logisticBaseMargin(_ baseScore: Float) -> Float {
        let epsilon: Float = 1e-6
        let b = min(max(baseScore, epsilon), 1 - epsilon)
        return -log(1 / b - 1)
    }

    /// xgboost's Float sigmoid: `1 / (expf(min(−margin, 88.7)) + 1)`.
    @inline(__always)
    public static func sigmoid(_ margin: Float) -> Float {
        1 / (exp(min(-margin, 88.7)) + 1)
    }

    /// Whether the branch-free complete layout is used for batches.
    var usesCompleteLayout: Bool { completeDepth >= 0 }

    /// The margin (log-odds) of one row by walking the node table. `row.count >= featureCount`.
    public func margin(_ row: UnsafeBufferPointer<Float>) -> Float {
        precondition(row.count >= featureCount, "row has \(row.count) features, model needs \(featureCount)")
        var sum = baseMargin
        nodeLeft.withUnsafeBufferPointer { left in
            nodeRight.withUnsafeBufferPointer { right in
                nodeFeature.withUnsafeBufferPointer { feature in
                    nodeValue.withUnsafeBufferPointer { value in
                        nodeDefaultLeft.withUnsafeBufferPointer { defaultLeft in
                            for root in treeRoots {
                                var node = Int(root)
                                while left[node] >= 0 {
                                    let x = row[Int(feature[node])]
                                    let goLeft = x.isNaN ? defaultLeft[node] : x < value[node]
                                    node = Int(goLeft ? left[node] : right[node])
                                }
                                sum += value[node]
                            }
                        }
                    }
                }
            }
        }
        return sum
    }

    /// The margin of one feature vector.
    public func margin(_ row: [Float]) -> Float {
        row.withUnsafeBufferPointer { margin($0) }
    }

    /// The probability `sigmoid(margin)` of one feature vector (no downsampling calibration).
    public func probability(_ row: [Float]) -> Float {
        TreeEnsemble.sigmoid(margin(row))
    }

    /// Margins of every row of `features` into `output[row]`.
    public func margins(_ features: FeatureMatrix, into output: UnsafeMutableBufferPointer<Float>) {
        var workspace = ScoringWorkspace()
        margins(features, into: output, workspace: &workspace)
    }

    /// Margins of every row of `features` into `output[row]`, reusing `workspace` buffers.
    public func margins(
        _ features: FeatureMatrix, into output: UnsafeMutableBufferPointer<Float>, workspace: inout ScoringWorkspace
    ) {
        precondition(features.columnCount >= featureCount, "feature matrix has too few columns")
        precondition(output.count >= features.rowCount, "output buffer too short")
        let rows = features.rowCount
        guard rows > 0, let out = output.baseAddress else { return }
        guard usesCompleteLayout else {
            features.values.withUnsafeBufferPointer { values in
                let columns = features.columnCount
                for row in 0..<rows {
                    out[row] = margin(UnsafeBufferPointer(rebasing: values[(row * columns)..<((row + 1) * columns)]))
                }
            }
            return
        }
        for row in 0..<rows { out[row] = baseMargin }
        let width = 2 * featureCount
        workspace.withMissingResolvedRows(of: features, featureCount: featureCount) { resolved in
            completeSplits.withUnsafeBufferPointer { splits in
                completeLeaves.withUnsafeBufferPointer { leaves in
                    let s = splits.baseAddress.unsafelyUnwrapped
                    let l = leaves.baseAddress.unsafelyUnwrapped
                    let x = resolved.baseAddress.unsafelyUnwrapped
                    // A constant depth lets the compiler unroll the walk.
                    switch completeDepth {
                    case 0: Self.accumulate(depth: 0, treeCount, rows, s, l, x, width, out)
                    case 1: Self.accumulate(depth: 1, treeCount, rows, s, l, x, width, out)
                    case 2: Self.accumulate(depth: 2, treeCount, rows, s, l, x, width, out)
                    case 3: Self.accumulate(depth: 3, treeCount, rows, s, l, x, width, out)
                    case 4: Self.accumulate(depth: 4, treeCount, rows, s, l, x, width, out)
                    case 5: Self.accumulate(depth: 5, treeCount, rows, s, l, x, width, out)
                    case 6: Self.accumulate(depth: 6, treeCount, rows, s, l, x, width, out)
                    case 7: Self.accumulate(depth: 7, treeCount, rows, s, l, x, width, out)
                    case 8: Self.accumulate(depth: 8, treeCount, rows, s, l, x, width, out)
                    default: Self.accumulate(depth: completeDepth, treeCount, rows, s, l, x, width, out)
                    }
                }
            }
        }
    }

    /// Rows walked through every tree before moving on, so their values stay in the L1 cache.
    static let rowBlock = 32

    /// Adds each tree's leaf to each row's margin, tree by tree (xgboost's order), walking `depth` levels.
    @inline(__always)
    private static func accumulate(
        depth: Int, _ treeCount: Int, _ rows: Int, _ splits: UnsafePointer<CompleteSplit>, _ leaves: UnsafePointer<Float>,
        _ resolved: UnsafePointer<Int32>, _ width: Int, _ out: UnsafeMutablePointer<Float>
    ) {
        let splitCount = (1 << depth) - 1
        var blockStart = 0
        while blockStart < rows {
            let blockEnd = min(rows, blockStart + rowBlock)
            for tree in 0..<treeCount {
                let treeSplits = splits + tree &* splitCount
                let treeLeaves = leaves + (tree &* (splitCount &+ 1) &- splitCount)
                // Four rows walk together: four independent dependency chains keep the core busy.
                var row = blockStart
                while row &+ 4 <= blockEnd {
                    let x0 = resolved + row &* width
                    let x1 = x0 + width
                    let x2 = x1 + width
                    let x3 = x2 + width
                    var s0 = 0
                    var s1 = 0
                    var s2 = 0
                    var s3 = 0
                    for _ in 0..<depth {
                        let a = treeSplits[s0]
                        let b = treeSplits[s1]
                        let c = treeSplits[s2]
                        let d = treeSplits[s3]
                        s0 = 2 &* s0 &+ 1 &+ (x0[Int(a.column)] >= a.threshold ? 1 : 0)
                        s1 = 2 &* s1 &+ 1 &+ (x1[Int(b.column)] >= b.threshold ? 1 : 0)
                        s2 = 2 &* s2 &+ 1 &+ (x2[Int(c.column)] >= c.threshold ? 1 : 0)
                        s3 = 2 &* s3 &+ 1 &+ (x3[Int(d.column)] >= d.threshold ? 1 : 0)
                    }
                    out[row] += treeLeaves[s0]
                    out[row &+ 1] += treeLeaves[s1]
                    out[row &+ 2] += treeLeaves[s2]
                    out[row &+ 3] += treeLeaves[s3]
                    row &+= 4
                }
                while row < blockEnd {
                    let x = resolved + row &* width
                    var slot = 0
                    for _ in 0..<depth {
                        let split = treeSplits[slot]
                        slot = 2 &* slot &+ 1 &+ (x[Int(split.column)] >= split.threshold ? 1 : 0)
                    }
                    out[row] += treeLeaves[slot]
                    row &+= 1
                }
            }
            blockStart = blockEnd
        }
    }

    /// Margins of every row of `features`.
    public func margins(_ features: FeatureMatrix) -> [Float] {
        [Float](unsafeUninitializedCapacity: features.rowCount) { buffer, initialized in
            margins(features, into: buffer)
            initialized = features.rowCount
        }
    }

    /// A copy that evaluates batches through the node table only (to check the two layouts agree).
    func withoutCompleteLayout() -> TreeEnsemble {
        TreeEnsemble(copying: self)
    }

    private init(copying other: TreeEnsemble) {
        featureCount = other.featureCount
        featureNames = other.featureNames
        attributes = other.attributes
        treeCount = other.treeCount
        maxDepth = other.maxDepth
        baseScore = other.baseScore
        baseMargin = other.baseMargin
        nodeFeature = other.nodeFeature
        nodeValue = other.nodeValue
        nodeLeft = other.nodeLeft
        nodeRight = other.nodeRight
        nodeDefaultLeft = other.nodeDefaultLeft
        treeRoots = other.treeRoots
        completeDepth = -1
        completeSplits = []
        completeLeaves = []
    }
}
