import Logging
import Synchronization

/// Holds the current model and swaps it when the source publishes a new version.
///
/// `load(knownVersion)` returns `nil` when the version is unchanged (so a poll costs one cheap read)
/// and the new model otherwise. Readers take ``current`` at the start of each batch, so a batch is
/// ranked by one model from start to end.
public final class ModelWatcher<Model: Sendable>: Sendable {
    /// Loads the model if its version differs from `knownVersion`; `nil` means unchanged.
    public typealias Loader = @Sendable (_ knownVersion: String?) async throws -> VersionedModel<Model>?

    private let load: Loader
    private let state = Mutex<VersionedModel<Model>?>(nil)
    private let logger: Logger

    /// A watcher that calls `load` on each ``refresh()``.
    public init(logger: Logger, load: @escaping Loader) {
        self.logger = logger
        self.load = load
    }

    /// The model in use, `nil` before the first successful ``refresh()``.
    public var current: VersionedModel<Model>? { state.withLock { $0 } }

    /// Checks the source once; returns true when the model changed.
    @discardableResult
    public func refresh() async throws -> Bool {
        let known = state.withLock { $0?.version }
        guard let fresh = try await load(known) else { return false }
        state.withLock { $0 = fresh }
        logger.info("model loaded", metadata: ["model.version": "\(fresh.version)", "model.previous": "\(known ?? "none")"])
        return true
    }
}
