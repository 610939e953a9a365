import FeedStore
import FeedWorker
import Hummingbird
import PrefeedRedis

/// `/healthz` (the process is alive) and `/readyz` (Redis answers and the read path's scripts
/// are loaded; 503 otherwise).
struct HealthController: Sendable {
    struct Status: ResponseCodable, Sendable {
        var status: String
    }

    let client: RedisClient
    let retryAfter: Int

    /// Scripts the read path calls by `EVALSHA`.
    static let scripts = [
        FeedPageScript.script, ReadPathActionScript.script, ReadPathHideScript.script, LoginRecordScript.script,
        SeenQueue.foldScript, ReadPathFallback.recordScript,
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in Status(status: "ok") }
        router.get("/readyz", use: ready)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Status {
        do {
            _ = try await client.execute(RedisCommand("PING"), timeout: .seconds(1))
            try await client.load(Self.scripts)
        } catch {
            throw APIError.unavailable(retryAfter: retryAfter)
        }
        return Status(status: "ready")
    }
}
