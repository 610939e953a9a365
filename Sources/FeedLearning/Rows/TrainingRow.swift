import FeedCore

/// One impressed item with the features the model saw and what the user did within the window.
///
/// Rows are the join's output and the trainers' input. `features` are the generation's logged
/// vector, as served (NaN = missing). `weight` undoes negative downsampling: 1 for kept rows with a
/// positive label, `1 / w` for negatives kept at rate `w`.
public struct TrainingRow: Sendable, Equatable {
    /// The page the item was served on.
    public var requestID: RequestID
    /// The reader.
    public var user: UserID
    /// The generation whose feature log the features come from.
    public var generation: GenerationID
    /// The value model that ranked the generation.
    public var modelVersion: String
    /// The impressed post.
    public var post: PostID
    /// 0-based position in the generation's feed.
    public var position: Int
    /// When the page was served, Unix milliseconds.
    public var servedAt: Int64
    /// The logged feature vector in schema order (NaN = missing).
    public var features: [Float]
    /// What the reader did within the attribution window.
    public var labels: ActionLabels
    /// Importance weight: `1 / negative sampling rate` for negatives, 1 for positives.
    public var weight: Double

    /// A row from its fields.
    public init(
        requestID: RequestID, user: UserID, generation: GenerationID, modelVersion: String, post: PostID,
        position: Int, servedAt: Int64, features: [Float], labels: ActionLabels, weight: Double
    ) {
        self.requestID = requestID
        self.user = user
        self.generation = generation
        self.modelVersion = modelVersion
        self.post = post
        self.position = position
        self.servedAt = servedAt
        self.features = features
        self.labels = labels
        self.weight = weight
    }

    /// The UTC hour the row was served in, as hours since the Unix epoch (its output partition).
    public var servedHour: Int64 { servedAt >= 0 ? servedAt / 3_600_000 : (servedAt - 3_599_999) / 3_600_000 }

    /// Equal when every field is, comparing features bit for bit (so NaN equals NaN).
    public static func == (lhs: TrainingRow, rhs: TrainingRow) -> Bool {
        lhs.requestID == rhs.requestID && lhs.user == rhs.user && lhs.generation == rhs.generation
            && lhs.modelVersion == rhs.modelVersion && lhs.post == rhs.post && lhs.position == rhs.position
            && lhs.servedAt == rhs.servedAt && lhs.labels == rhs.labels && lhs.weight == rhs.weight
            && lhs.features.map(\.bitPattern) == rhs.features.map(\.bitPattern)
    }
}
