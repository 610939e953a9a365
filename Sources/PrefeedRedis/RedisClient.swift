import Logging
import Synchronization

/// A pool of multiplexed Redis connections for many concurrent Swift tasks.
///
/// - ``execute(_:)`` and ``pipeline(_:)`` route to the least-loaded connection that is not leased;
///   concurrent callers on one connection share round trips (see ``RedisConnection``).
/// - ``withLeasedConnection(timeout:_:)`` reserves one connection for one caller, for commands that
///   block on the server (`XREADGROUP … BLOCK`) or must not interleave with others.
/// - Connections open lazily, up to ``RedisConfiguration/maximumConnections``; a broken one reconnects
///   by itself with capped exponential backoff and jitter.
/// - ``run(_:keys:arguments:)`` calls a script by `EVALSHA` and loads it on `NOSCRIPT`.
///
/// All errors thrown or returned are ``RedisError``.
public final class RedisClient: Sendable {
    /// How this client connects (its description redacts the password).
    public let configuration: RedisConfiguration
    /// Traffic counters: round trips, commands, connects, connection errors.
    public let statistics = RedisStatistics()
    private let logger: Logger
    private let connections: [RedisConnection]
    private let pool: Mutex<PoolState>

    private struct Waiter: Sendable {
        var id: UInt64
        var exclusive: Bool
        var continuation: CheckedContinuation<Int, any Error>
    }

    private struct PoolState: Sendable {
        var leased: [Bool]
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var shutDown = false
    }

    public init(configuration: RedisConfiguration, logger: Logger = Logger(label: "prefeed.redis")) {
        self.configuration = configuration
        self.logger = logger
        let statistics = self.statistics
        self.connections = (0..<configuration.maximumConnections).map {
            RedisConnection(index: $0, configuration: configuration, statistics: statistics, logger: logger)
        }
        self.pool = Mutex(PoolState(leased: Array(repeating: false, count: configuration.maximumConnections)))
    }

    deinit {
        for connection in connections { connection.shutDown() }
    }

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
        let index: Int
        do {
            index = try await acquire(exclusive: false)
        } catch {
            return commands.map { _ in .failure(Self.redisError(error)) }
        }
        return await Self.send(commands, on: connections[index], timeout: timeout)
    }

    /// Runs `commands` inside `MULTI`/`EXEC` in one round trip and returns the reply of each.
    /// Throws if the transaction was aborted; a command failing inside it appears as ``RedisReply/error(_:)``.
    public func transaction(_ commands: [RedisCommand], timeout: Duration? = nil) async throws -> [RedisReply] {
        var batch = [RedisCommand("MULTI")]
        batch.append(contentsOf: commands)
        batch.append(RedisCommand("EXEC"))
        let results = await pipeline(batch, timeout: timeout)
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
        for result in await pipeline(scripts.map(\.loadCommand)) { _ = try result.get() }
    }

    // MARK: Leases

    /// Gives `body` a connection of its own until it returns: nobody else's commands go through it.
    /// Waits up to `timeout` (default: the configured lease timeout) when every connection is leased.
    public func withLeasedConnection<Result>(
        timeout: Duration? = nil,
        _ body: (RedisLease) async throws -> Result
    ) async throws -> Result {
        let index = try await acquire(exclusive: true, timeout: timeout)
        defer { release(index) }
        return try await body(RedisLease(connection: connections[index]))
    }

    /// Stops the client: queued commands fail with `clientShutdown`, waiting leases too, sockets close.
    public func shutdown() {
        let waiters = pool.withLock { state -> [Waiter] in
            state.shutDown = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: RedisError(code: .clientShutdown, message: "the Redis client was shut down"))
        }
        for connection in connections { connection.shutDown() }
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
        }
        return results
    }

    private func acquire(exclusive: Bool, timeout: Duration? = nil) async throws -> Int {
        enum Outcome { case ready(Int), wait, shutDown }
        let outcome = pool.withLock { state -> Outcome in
            if state.shutDown { return .shutDown }
            if let index = Self.pick(state, connections: connections, exclusive: exclusive) {
                if exclusive { state.leased[index] = true }
                return .ready(index)
            }
            return .wait
        }
        switch outcome {
        case .ready(let index):
            return index
        case .shutDown:
            throw RedisError(code: .clientShutdown, message: "the Redis client was shut down")
        case .wait:
            return try await wait(exclusive: exclusive, timeout: timeout ?? configuration.leaseTimeout)
        }
    }

    /// The connection to use: for shared use the least-loaded unleased one; for a lease an unleased
    /// one, preferring idle ones.
    private static func pick(_ state: PoolState, connections: [RedisConnection], exclusive: Bool) -> Int? {
        var best: Int?
        var bestLoad = Int.max
        for index in connections.indices where !state.leased[index] {
            let load = connections[index].load
            if load < bestLoad {
                best = index
                bestLoad = load
                if load == 0 { break }
            }
        }
        return best
    }

    private func wait(exclusive: Bool, timeout: Duration) async throws -> Int {
        let id = pool.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            let waiter = self.pool.withLock { state -> Waiter? in
                guard let position = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: position)
            }
            waiter?.continuation.resume(throwing: RedisError(
                code: .poolTimeout, message: "no Redis connection free within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let ready = pool.withLock { state -> Int? in
                // A lease may have been released between the first check and now.
                if let index = Self.pick(state, connections: connections, exclusive: exclusive) {
                    if exclusive { state.leased[index] = true }
                    return index
                }
                state.waiters.append(Waiter(id: id, exclusive: exclusive, continuation: continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func release(_ index: Int) {
        let resumed = pool.withLock { state -> [(Waiter, Int)] in
            state.leased[index] = false
            var resumed: [(Waiter, Int)] = []
            while let first = state.waiters.first {
                if first.exclusive {
                    guard !state.leased[index] else { break }
                    state.leased[index] = true
                }
                resumed.append((state.waiters.removeFirst(), index))
                if first.exclusive { break }
            }
            return resumed
        }
        for (waiter, index) in resumed { waiter.continuation.resume(returning: index) }
    }

    static func redisError(_ error: any Error) -> RedisError {
        (error as? RedisError) ?? RedisError(code: .connectionFailed, message: "\(error)")
    }
}

/// One connection reserved for one caller by ``RedisClient/withLeasedConnection(timeout:_:)``.
public struct RedisLease: Sendable {
    fileprivate let connection: RedisConnection

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
