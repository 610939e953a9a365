import FeedCore
import FeedStore
import Synchronization

/// The current value model for inline generation, re-read from the registry at most every
/// `refreshSeconds` (a cheap version check; the model itself only when the version changed).
final class ModelCache: Sendable {
    private struct Entry: Sendable {
        var version: String
        var model: ValueModel
        var checkedAt: ContinuousClock.Instant
    }

    private let store: ModelStore
    private let refresh: Duration
    private let entry = Mutex<Entry?>(nil)

    init(store: ModelStore, refresh: Duration = .seconds(30)) {
        self.store = store
        self.refresh = refresh
    }

    /// The current model and its version.
    func current() async throws -> (version: String, model: ValueModel) {
        let now = ContinuousClock.now
        if let cached = entry.withLock({ $0 }), now - cached.checkedAt < refresh {
            return (cached.version, cached.model)
        }
        let version = try await store.currentVersion() ?? BaselineModel.version
        if let cached = entry.withLock({ $0 }), cached.version == version {
            entry.withLock { $0?.checkedAt = now }
            return (cached.version, cached.model)
        }
        let model = try await store.currentValueModel()
        let loaded = Entry(version: model.version, model: model, checkedAt: now)
        entry.withLock { $0 = loaded }
        return (loaded.version, loaded.model)
    }
}
