import Logging
import ServiceLifecycle
import Synchronization

/// The continuous join as a `Service`: runs until a graceful shutdown (SIGTERM/SIGINT through a
/// `ServiceGroup`), then commits what it has and returns. ``summary`` holds its outcome.
public final class JoinService: Service, Sendable {
    private let join: StreamJoin
    private let result = Mutex<StreamJoinSummary?>(nil)

    /// A service running `join`.
    public init(join: StreamJoin) {
        self.join = join
    }

    /// The run's summary, once it has returned.
    public var summary: StreamJoinSummary? { result.withLock { $0 } }

    public func run() async throws {
        let summary = try await join.run()
        result.withLock { $0 = summary }
    }
}
