import PrefeedRedis
import ServiceLifecycle

/// Owns the Redis client's lifetime in the ServiceGroup: closes it after graceful shutdown,
/// once the HTTP server (registered before it) has drained.
struct RedisClientService: Service {
    let client: RedisClient

    func run() async throws {
        try? await gracefulShutdown()
        client.shutdown()
    }
}
