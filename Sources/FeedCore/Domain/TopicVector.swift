/// A small dense topic embedding (topic weights) of a post or of a user's interests.
///
/// Vectors of different lengths are not comparable; an empty vector means "unknown".
public struct TopicVector: Hashable, Sendable, Codable {
    /// The weights, one per topic dimension.
    public var weights: [Float]

    public init(_ weights: [Float]) { self.weights = weights }

    /// The unknown vector.
    public static let unknown = TopicVector([])

    /// Encodes as a bare JSON array of numbers.
    public init(from decoder: any Decoder) throws {
        weights = try decoder.singleValueContainer().decode([Float].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(weights)
    }

    /// Cosine similarity in `[-1, 1]`, or NaN when either vector is empty or all zero, or
    /// when the lengths differ (the similarity is then unknown, not zero).
    public func cosineSimilarity(to other: TopicVector) -> Float {
        let count = weights.count
        guard count > 0, count == other.weights.count else { return .nan }
        var dot: Float = 0
        var normA: Float = 0
        var normB: Float = 0
        weights.withUnsafeBufferPointer { a in
            other.weights.withUnsafeBufferPointer { b in
                for i in 0..<count {
                    dot += a[i] * b[i]
                    normA += a[i] * a[i]
                    normB += b[i] * b[i]
                }
            }
        }
        guard normA > 0, normB > 0 else { return .nan }
        let cosine = dot / (normA.squareRoot() * normB.squareRoot())
        return min(1, max(-1, cosine))
    }
}
