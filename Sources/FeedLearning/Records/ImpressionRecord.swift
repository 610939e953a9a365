import FeedCore

/// One page served to a user: what the read path appends to the impressions stream.
///
/// The request id is the join key the client sends back with its actions (seed 002). The
/// generation names the feature log the items' features are read from; the model version is the
/// value model that ranked that generation.
public struct ImpressionRecord: Hashable, Sendable, Codable {
    /// The page read; unique per served page.
    public var requestID: RequestID
    /// The reader.
    public var user: UserID
    /// The feed snapshot the page was cut from.
    public var generation: GenerationID
    /// The value model that ranked the generation (`""` when unknown).
    public var modelVersion: String
    /// When the page was served, Unix milliseconds.
    public var servedAt: Int64
    /// The items of the page in page order.
    public var items: [ImpressedItem]

    /// An impression of `items` served at `servedAt` (Unix milliseconds).
    public init(
        requestID: RequestID, user: UserID, generation: GenerationID, modelVersion: String, servedAt: Int64,
        items: [ImpressedItem]
    ) {
        self.requestID = requestID
        self.user = user
        self.generation = generation
        self.modelVersion = modelVersion
        self.servedAt = servedAt
        self.items = items
    }
}
