/// Vose's alias method: O(1) draws from a fixed discrete distribution.
struct AliasTable: Sendable {
    private let probability: [Double]
    private let alias: [Int32]

    /// The number of outcomes.
    var count: Int { probability.count }

    /// Builds the table for non-negative `weights` with a positive sum.
    init(weights: [Double]) {
        let count = weights.count
        precondition(count > 0 && count < Int(Int32.max), "alias table needs 1..<2^31 outcomes")
        let total = weights.reduce(0, +)
        precondition(total > 0 && total.isFinite, "alias table needs a positive finite total weight")
        var scaled = weights.map { $0 * Double(count) / total }
        var probability = [Double](repeating: 1, count: count)
        var alias = [Int32](repeating: 0, count: count)
        var small: [Int] = []
        var large: [Int] = []
        for (index, weight) in scaled.enumerated() {
            if weight < 1 { small.append(index) } else { large.append(index) }
        }
        while let less = small.popLast(), let more = large.last {
            probability[less] = scaled[less]
            alias[less] = Int32(more)
            scaled[more] = (scaled[more] + scaled[less]) - 1
            if scaled[more] < 1 {
                large.removeLast()
                small.append(more)
            }
        }
        // Leftovers are 1 up to rounding.
        for index in small + large { probability[index] = 1 }
        self.probability = probability
        self.alias = alias
    }

    /// Draws an outcome index with probability proportional to its weight.
    @inline(__always)
    func sample(using random: inout some RandomNumberGenerator) -> Int {
        let column = random.index(below: probability.count)
        return random.unitDouble() < probability[column] ? column : Int(alias[column])
    }
}
