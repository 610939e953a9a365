import FeedCore
import FeedStore
import Logging
import PrefeedRedis
import ServiceLifecycle
import Synchronization

/// Posts deleted while snapshots may still hold them. Pages drop these items before responding.
///
/// Deletions made through this server are added at once; deletions made through any other
/// instance arrive from the shared log (``ReadPathDeletions``) within ``pollInterval``. Runs as a
/// Service that polls until graceful shutdown; with no interval it only waits for shutdown.
final class DeletedPosts: Service, Sendable {
    private struct State: Sendable {
        var posts: [PostID: Double] = [:]
        var cursor: Double = 0
    }

    private let state = Mutex(State())
    private let client: RedisClient
    private let log: ReadPathDeletions
    private let logger: Logger
    let pollInterval: Duration?
    private let clock: UnixClock

    init(
        client: RedisClient, log: ReadPathDeletions, logger: Logger, pollInterval: Duration? = .seconds(1),
        clock: UnixClock = .wall
    ) {
        self.client = client
        self.log = log
        self.logger = logger
        self.pollInterval = pollInterval
        self.clock = clock
    }

    /// Whether `post` was deleted.
    func contains(_ post: PostID) -> Bool { state.withLock { $0.posts[post] != nil } }

    /// Whether any post is known deleted (fast path: nothing to filter).
    var isEmpty: Bool { state.withLock { $0.posts.isEmpty } }

    /// Records a deletion made by this server (already written to the shared log).
    func insert(_ post: PostID, at time: Double) {
        state.withLock { $0.posts[post] = time }
    }

    /// Reads new deletions from the shared log and forgets expired ones.
    func poll(now: Double) async throws {
        let since = state.withLock { $0.cursor }
        let entries = try await log.deleted(client: client, since: since)
        let horizon = now - log.retention
        state.withLock { state in
            for entry in entries {
                state.posts[entry.post] = entry.at
                state.cursor = max(state.cursor, entry.at)
            }
            state.posts = state.posts.filter { $0.value >= horizon }
        }
    }

    func run() async throws {
        guard let pollInterval else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await poll(now: clock.now)
            } catch {
                logger.debug("deleted posts poll failed", metadata: ["error": "\(String(describing: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
        }
    }
}
