/// A model together with its version string (what the feed meta records).
public struct VersionedModel<Model: Sendable>: Sendable {
    /// The version, e.g. `lr-2026-11-25T10:00`.
    public var version: String
    /// The model itself.
    public var model: Model

    /// Pairs a model with its version.
    public init(version: String, model: Model) {
        self.version = version
        self.model = model
    }
}
