/// Validation switches of a ``RowParser``.
public struct RowParseOptions: Sendable, Hashable {
    /// When set, post topic vectors must have exactly this many components.
    public var topicDimension: Int?
    /// When set, post topic vectors must have an L2 norm within this distance of 1.
    public var normalizationTolerance: Float?

    /// Creates options; by default any dimension is accepted and vectors must be normalized to 1e-3.
    public init(topicDimension: Int? = nil, normalizationTolerance: Float? = 1e-3) {
        self.topicDimension = topicDimension
        self.normalizationTolerance = normalizationTolerance
    }
}
