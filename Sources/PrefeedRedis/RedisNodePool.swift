import Logging
import Synchronization

/// The connections to one Redis server: a fixed set of multiplexed ``RedisConnection``s, shared by
/// least load, any of which one caller can lease for itself (blocking commands).
///
/// ``RedisClient`` holds one for a single server; on a cluster, its router holds one per node.
final class RedisNodePool: Sendable {
    /// The node this pool connects to.
    let endpoint: RedisConfiguration.Endpoint
    private let leaseTimeout: Duration
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

    /// Connections to `configuration.endpoint`, opened lazily, counted in `statistics`.
    init(configuration: RedisConfiguration, statistics: RedisStatistics, logger: Logger) {
        self.endpoint = configuration.endpoint
        self.leaseTimeout = configuration.leaseTimeout
        self.connections = (0..<configuration.maximumConnections).map {
            RedisConnection(index: $0, configuration: configuration, statistics: statistics, logger: logger)
        }
        self.pool = Mutex(PoolState(leased: Array(repeating: false, count: configuration.maximumConnections)))
    }

    deinit {
        for connection in connections { connection.shutDown() }
    }

    /// Sends `commands` in one round trip on the least-loaded shared connection.
    func pipeline(_ commands: [RedisCommand], timeout: Duration?) async -> [Result<RedisReply, RedisError>] {
        let index: Int
        do {
            index = try await acquire(exclusive: false)
        } catch {
            return commands.map { _ in .failure(RedisClient.redisError(error)) }
        }
        return await RedisClient.send(commands, on: connections[index], timeout: timeout)
    }

    /// Gives `body` a connection of its own until it returns.
    func withLeasedConnection<Result>(
        timeout: Duration?,
        _ body: (RedisLease) async throws -> Result
    ) async throws -> Result {
        let index = try await acquire(exclusive: true, timeout: timeout)
        defer { release(index) }
        return try await body(RedisLease(connection: connections[index]))
    }

    /// Fails waiting leases with `clientShutdown` and closes every connection.
    func shutdown() {
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
            return try await wait(exclusive: exclusive, timeout: timeout ?? leaseTimeout)
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
}
