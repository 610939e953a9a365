/// One entry of the model registry, as ``ModelStore/list()`` returns it.
public struct ModelVersionInfo: Sendable, Hashable, Codable {
    /// The version name.
    public var version: String
    /// When it was published, Unix seconds.
    public var publishedAt: Double
    /// Size of the stored model file in bytes (0 when the file is missing).
    public var bytes: Int
    /// Whether workers rank with it now.
    public var isCurrent: Bool

    /// An entry from its fields.
    public init(version: String, publishedAt: Double, bytes: Int, isCurrent: Bool) {
        self.version = version
        self.publishedAt = publishedAt
        self.bytes = bytes
        self.isCurrent = isCurrent
    }
}
