import ArgumentParser
import FeedStore
import Foundation
import Logging
import PrefeedRedis

/// `--redis-cluster`, shared by every command that talks to Redis: with it, the command runs
/// against a Redis Cluster instead of the single server of `--redis`, and uses the cluster key
/// layout (``StoreConfiguration/cluster(globalShards:)``). See docs/CLUSTER.md.
struct RedisTargetOptions: ParsableArguments {
    @Option(
        name: .customLong("redis-cluster"),
        help: ArgumentHelp(
            "Redis Cluster seed nodes, host:port[,host:port…] (env PREFEED_REDIS_CLUSTER); replaces --redis.",
            valueName: "seeds"))
    var seeds: String?

    @Option(help: "Popular and trending shards on a cluster (every process of a deployment must agree).")
    var clusterGlobalShards = 4

    /// The seeds from the flag or the environment.
    var clusterSeeds: String? { seeds ?? ProcessInfo.processInfo.environment["PREFEED_REDIS_CLUSTER"] }

    /// The client configuration: the cluster when seeds are given, else the server at `url`.
    func redisConfiguration(url: String) throws -> RedisConfiguration {
        if let clusterSeeds { return try RedisConfiguration(clusterSeeds: clusterSeeds) }
        return try RedisConfiguration(url: url)
    }

    /// A client for the cluster, or the server at `url`, named `name` in `CLIENT LIST`; the caller
    /// shuts it down.
    func client(url: String, name: String, connections: Int? = nil, logger: Logger) throws -> RedisClient {
        var configuration = try redisConfiguration(url: url)
        configuration.clientName = name
        if let connections { configuration.maximumConnections = connections }
        return RedisClient(configuration: configuration, logger: logger)
    }

    /// The key layout matching ``redisConfiguration(url:)``.
    var store: StoreConfiguration {
        clusterSeeds == nil ? .default : .cluster(globalShards: clusterGlobalShards)
    }

    /// Key names for ``store``.
    var keys: FeedKeys { FeedKeys(configuration: store) }
}
