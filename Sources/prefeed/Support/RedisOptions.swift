import ArgumentParser
import FeedStore
import Logging
import PrefeedRedis

/// `--redis` (default the local `redis://127.0.0.1:6390`) and `--redis-cluster`: the Redis a
/// command talks to, shared by every command that needs one and has no other default (`serve`
/// also reads the environment, `bench` starts a private server: they take ``RedisTargetOptions``
/// with a `--redis` of their own).
struct RedisOptions: ParsableArguments {
    @Option(help: "Redis URL.")
    var redis = "redis://127.0.0.1:6390"

    @OptionGroup var target: RedisTargetOptions

    /// The client configuration: the cluster of `--redis-cluster`, else the server of `--redis`.
    func configuration() throws -> RedisConfiguration { try target.redisConfiguration(url: redis) }

    /// A client named `name` in `CLIENT LIST`; the caller shuts it down.
    func client(name: String, connections: Int? = nil, logger: Logger) throws -> RedisClient {
        try target.client(url: redis, name: name, connections: connections, logger: logger)
    }

    /// The key layout matching ``configuration()``.
    var store: StoreConfiguration { target.store }

    /// Key names for ``store``.
    var keys: FeedKeys { target.keys }
}
