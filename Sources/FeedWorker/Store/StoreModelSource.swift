import FeedCore
import FeedStore

/// The worker's view of FeedStore's model registry.
public enum StoreModelSource {
    /// A loader for ``ModelWatcher``: one cheap `GET` of the current version per poll; the model
    /// file only when the version changed. With no model published, the baseline.
    ///
    /// The watched version is the registry's; the model's own version (recorded in each feed's meta)
    /// differs only when the current file does not load and the baseline stands in (logged by ModelStore).
    public static func loader(_ store: ModelStore) -> ModelWatcher<ValueModel>.Loader {
        { known in
            let version = try await store.currentVersion() ?? BaselineModel.version
            guard version != known else { return nil }
            let model = try await store.currentValueModel()
            return VersionedModel(version: version, model: model)
        }
    }

    /// The version new feeds are ranked with and recorded under (the loaded model's own version,
    /// so a file that falls back to the baseline does not make every feed look outdated), for the
    /// scheduler's model check. Reads the model once per scheduler pass.
    public static func currentVersion(_ store: ModelStore) -> @Sendable () async throws -> String? {
        { try await store.currentValueModel().version }
    }
}
