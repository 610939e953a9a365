import Logging

/// A Redis client for many concurrent Swift tasks: a pool of multiplexed connections to one server,
/// or, with ``RedisConfiguration/clusterSeeds``, one such pool per master of a Redis Cluster.
///
/// - ``execute(_:)`` and ``pipeline(_:)`` route to the least-loaded connection that is not leased;
///   concurrent callers on one connection share round trips (see ``RedisConnection``).
/// - ``withLeasedConnection(routingKey:timeout:_:)`` reserves one connection for one caller, for
///   commands that block on the server (`XREADGROUP … BLOCK`) or must not interleave with others.
/// - Connections open lazily, up to ``RedisConfiguration/maximumConnections`` per node; a broken one
///   reconnects by itself with capped exponential backoff and jitter.
/// - ``run(_:keys:arguments:)`` calls a script by `EVALSHA` and loads it on `NOSCRIPT`.
/// - On a cluster every command goes to the master of its keys' slot; pipelines are split by node
///   and reassembled in order; `MOVED`, `ASK`, `TRYAGAIN` and `CLUSTERDOWN` are handled (see
///   ``ClusterRouter``); a multi-key command across slots fails with `crossSlot` before sending.
///
/// All errors thrown or returned are ``RedisError``.
public final class RedisClient: Sendable {
    /// How this client connects (its description redacts the password).
    public let configuration: RedisConfiguration
    /// Traffic counters of every node: round trips, commands, connects, connection errors.
    public let statistics = RedisStatistics()
    private let logger: Logger
    private let topology: Topology

    private enum Topology: Sendable {
        case single(RedisNodePool)
        case cluster(ClusterRouter)
    }

    public init(configuration: RedisConfiguration, logger: Logger = Logger(label: "prefeed.redis")) {
        self.configuration = configuration
        self.logger = logger
        if configuration.isCluster {
            topology = .cluster(ClusterRouter(configuration: configuration, statistics: statistics, logger: logger))
        } else {
            topology = .single(RedisNodePool(configuration: configuration, statistics: statistics, logger: logger))
        }
    }

    /// Whether this client talks to a Redis Cluster.
    public var isCluster: Bool { configuration.isCluster }

    // MARK: Commands

    /// Runs one command and returns its reply; a server error reply is thrown as ``RedisError``.
    @discardableResult
    public func execute(_ command: RedisCommand, timeout: Duration? = nil) async throws -> RedisReply {
        try await pipeline([command], timeout: timeout)[0].get()
    }

    /// Runs one command given by name and arguments: `try await client.execute("GET", key)`.
    @discardableResult
    public func execute(_ name: String, _ arguments: any RedisArgument...) async throws -> RedisReply {
        try await execute(RedisCommand(name, arguments: arguments))
    }

    /// Sends `commands` in one round trip and returns one result per command, in order. A failing
    /// command does not fail its neighbours. `EVALSHA` commands made by ``RedisScript`` that get
    /// `NOSCRIPT` are loaded and retried once.
    public func pipeline(_ commands: [RedisCommand], timeout: Duration? = nil) async -> [Result<RedisReply, RedisError>] {
        switch topology {
        case .single(let pool): return await pool.pipeline(commands, timeout: timeout)
        case .cluster(let router): return await router.pipeline(commands, timeout: timeout)
        }
    }

    /// Runs `commands` inside `MULTI`/`EXEC` in one round trip and returns the reply of each.
    /// Throws if the transaction was aborted; a command failing inside it appears as ``RedisReply/error(_:)``.
    public func transaction(_ commands: [RedisCommand], timeout: Duration? = nil) async throws -> [RedisReply] {
        var batch = [RedisCommand("MULTI")]
        batch.append(contentsOf: commands)
        batch.append(RedisCommand("EXEC"))
        let results: [Result<RedisReply, RedisError>]
        switch topology {
        case .single(let pool):
            results = await pool.pipeline(batch, timeout: timeout)
        case .cluster(let router):
            // Every command of a transaction must be in one slot; the batch goes to its master whole.
            var slot: HashSlot?
            for command in commands {
                guard case .slot(let next) = try CommandRouting(command) else { continue }
                if let slot, slot != next {
                    throw RedisError(code: .crossSlot, message: "a transaction on Redis Cluster must keep its keys in one slot (\(slot) and \(next))")
                }
                slot = next
            }
            results = try await router.withLeasedConnection(slot: slot, timeout: nil) { lease in
                let results = await lease.pipeline(batch, timeout: timeout)
                // Thrown inside the lease, so the router sees a MOVED and learns the slot's owner.
                for result in results.dropLast() {
                    if case .failure(let error) = result { throw error }
                }
                return results
            }
        }
        for result in results.dropLast() {
            if case .failure(let error) = result { throw error }
        }
        let exec = try results[results.count - 1].get()
        guard case .array(let replies) = exec else {
            throw RedisError(code: .unexpectedReply, message: "EXEC returned \(exec) instead of an array (transaction aborted)")
        }
        return replies
    }

    /// Runs `script` with `EVALSHA`, loading it first if the server does not know it.
    @discardableResult
    public func run(_ script: RedisScript, keys: [any RedisArgument], arguments: [any RedisArgument]) async throws -> RedisReply {
        try await execute(script.command(keys: keys, arguments: arguments))
    }

    /// Loads scripts into the server's cache now (e.g. at start-up, so `/readyz` can report it).
    public func load(_ scripts: [RedisScript]) async throws {
        for script in scripts {
            for (_, result) in try await broadcast(script.loadCommand) { _ = try result.get() }
        }
    }

    /// Sends `command` to the server, or on a cluster to every master, and returns each node's result
    /// (for `SCRIPT LOAD`, `FLUSHALL`, `DBSIZE`, `SCAN`, `INFO`: commands about a node, not a key).
    public func broadcast(_ command: RedisCommand, timeout: Duration? = nil) async throws -> [(node: RedisConfiguration.Endpoint, result: Result<RedisReply, RedisError>)] {
        switch topology {
        case .single(let pool):
            return [(pool.endpoint, await pool.pipeline([command], timeout: timeout)[0])]
        case .cluster(let router):
            return try await router.broadcast(command, timeout: timeout).map { (node: $0.0, result: $0.1) }
        }
    }

    /// The slot map of the cluster (discovered on first use); nil for a single server.
    public func clusterSlotMap() async throws -> ClusterSlotMap? {
        guard case .cluster(let router) = topology else { return nil }
        return try await router.slotMap()
    }

    /// Fetches the cluster's slot map again now (after a failover or resharding done by the caller).
    public func refreshClusterSlotMap() async {
        if case .cluster(let router) = topology { await router.refreshNow() }
    }

    // MARK: Leases

    /// Gives `body` a connection of its own until it returns: nobody else's commands go through it.
    /// Waits up to `timeout` (default: the configured lease timeout) when every connection is leased.
    /// On a cluster the connection goes to the master of `routingKey`'s slot (any master without one).
    public func withLeasedConnection<Result>(
        routingKey: (any RedisArgument)? = nil,
        timeout: Duration? = nil,
        _ body: (RedisLease) async throws -> Result
    ) async throws -> Result {
        switch topology {
        case .single(let pool):
            return try await pool.withLeasedConnection(timeout: timeout ?? configuration.leaseTimeout, body)
        case .cluster(let router):
            let slot = routingKey.map { key -> HashSlot in
                var bytes: [UInt8] = []
                key.appendRedisBytes(to: &bytes)
                return HashSlot(key: bytes)
            }
            return try await router.withLeasedConnection(slot: slot, timeout: timeout, body)
        }
    }

    /// Stops the client: queued commands fail with `clientShutdown`, waiting leases too, sockets close.
    public func shutdown() {
        switch topology {
        case .single(let pool): pool.shutdown()
        case .cluster(let router): router.shutdown()
        }
    }

    // MARK: Internals

    static func send(_ commands: [RedisCommand], on connection: RedisConnection, timeout: Duration?) async -> [Result<RedisReply, RedisError>] {
        var results = await connection.submit(commands, timeout: timeout)
        // NOSCRIPT means the script did not run: load it and retry those commands once.
        var retry: [Int] = []
        var scripts: [RedisScript] = []
        for (index, result) in results.enumerated() {
            if case .failure(let error) = result, error.serverPrefix == "NOSCRIPT", let script = commands[index].script {
                retry.append(index)
                if !scripts.contains(script) { scripts.append(script) }
            }
        }
        guard !retry.isEmpty else { return results }
        let again = await connection.submit(scripts.map(\.loadCommand) + retry.map { commands[$0] }, timeout: timeout)
        for (offset, index) in retry.enumerated() {
            results[index] = again[scripts.count + offset]
            // A script Redis refused to load (a Lua compile error) fails with that error, not NOSCRIPT.
            if let script = commands[index].script, let position = scripts.firstIndex(of: script),
                case .failure(let loadError) = again[position]
            {
                results[index] = .failure(loadError)
            }
        }
        return results
    }

    static func redisError(_ error: any Error) -> RedisError {
        (error as? RedisError) ?? RedisError(code: .connectionFailed, message: "\(error)")
    }
}

/// One connection reserved for one caller by ``RedisClient/withLeasedConnection(timeout:_:)``.
public struct RedisLease: Sendable {
    let connection: RedisConnection

    /// Runs one command on the leased connection.
    @discardableResult
    public func execute(_ command: RedisCommand, timeout: Duration? = nil) async throws -> RedisReply {
        try await pipeline([command], timeout: timeout)[0].get()
    }

    /// Runs one command given by name and arguments on the leased connection.
    @discardableResult
    public func execute(_ name: String, _ arguments: any RedisArgument...) async throws -> RedisReply {
        try await execute(RedisCommand(name, arguments: arguments))
    }

    /// Sends `commands` in one round trip on the leased connection.
    public func pipeline(_ commands: [RedisCommand], timeout: Duration? = nil) async -> [Result<RedisReply, RedisError>] {
        await RedisClient.send(commands, on: connection, timeout: timeout)
    }
}
