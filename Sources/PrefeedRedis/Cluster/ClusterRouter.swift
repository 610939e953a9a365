import Logging
import Synchronization

/// Routes commands over a Redis Cluster: one ``RedisNodePool`` per master, a slot map from
/// `CLUSTER SLOTS`, and the redirection rules of the cluster specification.
///
/// - A pipeline is split by node; the parts are sent concurrently (one round trip per node
///   touched) and the results are put back in the caller's order.
/// - `MOVED slot host:port`: the slot is reassigned at once and a full map refresh is started; the
///   command is sent again to the new owner.
/// - `ASK slot host:port` (a slot being migrated): the command is sent once to that node, preceded
///   by `ASKING` in the same batch on the same connection; the map is left as it is.
/// - `TRYAGAIN` (multi-key command during a migration), `CLUSTERDOWN`, and a node that refuses
///   connections (the command was never sent): retried after a capped backoff, the map refreshed,
///   until ``RedisConfiguration/clusterRetryBudget`` runs out.
/// - A command whose reply was lost (`connectionLost`, `timeout`) may have run, so it is **not**
///   retried; its error reaches the caller and the map is refreshed for the next call.
final class ClusterRouter: Sendable {
    private let configuration: RedisConfiguration
    private let statistics: RedisStatistics
    private let logger: Logger
    private let state: Mutex<State>

    private struct State: Sendable {
        var map = ClusterSlotMap()
        var pools: [RedisConfiguration.Endpoint: RedisNodePool] = [:]
        var refresh: Task<Void, Never>?
        var refreshes = 0
        var shutDown = false
    }

    /// Redirections followed per command before giving up (a healthy cluster needs at most two).
    static let maximumRedirections = 5

    init(configuration: RedisConfiguration, statistics: RedisStatistics, logger: Logger) {
        self.configuration = configuration
        self.statistics = statistics
        self.logger = logger
        self.state = Mutex(State())
    }

    deinit {
        let pools = state.withLock { Array($0.pools.values) }
        for pool in pools { pool.shutdown() }
    }

    // MARK: Commands

    /// Sends `commands`, each to the master of its slot, and returns their results in order.
    func pipeline(_ commands: [RedisCommand], timeout: Duration?) async -> [Result<RedisReply, RedisError>] {
        var results = [Result<RedisReply, RedisError>?](repeating: nil, count: commands.count)
        var routes = [CommandRouting](repeating: .anyNode, count: commands.count)
        var pending: [Int] = []
        pending.reserveCapacity(commands.count)
        for index in commands.indices {
            do {
                routes[index] = try CommandRouting(commands[index])
                pending.append(index)
            } catch {
                results[index] = .failure(error)
            }
        }
        if !pending.isEmpty, let error = await ensureMap() {
            for index in pending { results[index] = .failure(error) }
            pending = []
        }

        var asking: [Int: RedisConfiguration.Endpoint] = [:]
        var redirections = 0
        var backoffs = 0
        let deadline = ContinuousClock.now + configuration.clusterRetryBudget
        while !pending.isEmpty {
            // Group by node. A key-less command goes to the node of the pipeline's first keyed one.
            let map = state.withLock { $0.map }
            let fallback = pending.lazy.compactMap { index -> RedisConfiguration.Endpoint? in
                if case .slot(let slot) = routes[index] { return map.master(of: slot) }
                return nil
            }.first ?? map.masters.first
            var groups: [RedisConfiguration.Endpoint: [Int]] = [:]
            var unrouted: [Int] = []
            for index in pending {
                let target: RedisConfiguration.Endpoint?
                if let ask = asking[index] {
                    target = ask
                } else if case .slot(let slot) = routes[index] {
                    target = map.master(of: slot)
                } else {
                    target = fallback
                }
                if let target { groups[target, default: []].append(index) } else { unrouted.append(index) }
            }
            let sent = await send(groups, commands: commands, asking: asking, timeout: timeout)

            var retry: [Int] = unrouted
            var redirected = false
            var needBackoff = !unrouted.isEmpty
            var needRefresh = !unrouted.isEmpty
            var nextAsking: [Int: RedisConfiguration.Endpoint] = [:]
            for (index, result) in sent {
                // Kept as the outcome if the retries run out; a later attempt overwrites it.
                results[index] = result
                guard case .failure(let error) = result else { continue }
                switch Redirection(error) {
                case .moved(let slot, let target):
                    statistics.recordRedirection()
                    state.withLock { $0.map.assign(slot, to: target) }
                    redirected = true
                    needRefresh = true
                    retry.append(index)
                case .ask(_, let target):
                    statistics.recordRedirection()
                    redirected = true
                    nextAsking[index] = target
                    retry.append(index)
                case .tryAgain:
                    statistics.recordClusterRetry()
                    needBackoff = true
                    retry.append(index)
                case .clusterDown, .unreachable:
                    statistics.recordClusterRetry()
                    needBackoff = true
                    needRefresh = true
                    retry.append(index)
                case .replyLost:
                    needRefresh = true
                case .none:
                    break
                }
            }
            if needRefresh && !needBackoff { scheduleRefresh() }
            guard !retry.isEmpty else { break }
            if redirected { redirections += 1 }
            if redirections > Self.maximumRedirections || ContinuousClock.now >= deadline {
                for index in unrouted {
                    results[index] = .failure(RedisError(
                        code: .serverError, message: "no node serves the slot of \(commands[index].name)",
                        serverPrefix: "CLUSTERDOWN"))
                }
                break
            }
            if needBackoff {
                backoffs += 1
                let delay = Backoff(base: configuration.reconnectBaseDelay, maximum: configuration.reconnectMaximumDelay)
                    .delay(attempt: backoffs - 1)
                try? await Task.sleep(for: min(delay, ContinuousClock.now.duration(to: deadline)))
                if needRefresh { await refreshNow() }
            }
            asking = nextAsking
            pending = retry
        }
        return results.map { $0 ?? .failure(RedisError(code: .unexpectedReply, message: "no reply")) }
    }

    /// Sends each group to its node concurrently; `ASKING` precedes the commands redirected by `ASK`.
    private func send(
        _ groups: [RedisConfiguration.Endpoint: [Int]],
        commands: [RedisCommand],
        asking: [Int: RedisConfiguration.Endpoint],
        timeout: Duration?
    ) async -> [(Int, Result<RedisReply, RedisError>)] {
        let pools = groups.keys.map { pool(for: $0) }
        func batch(_ indices: [Int]) -> (commands: [RedisCommand], slots: [Int?]) {
            var batch: [RedisCommand] = []
            var slots: [Int?] = []
            for index in indices {
                if asking[index] != nil {
                    batch.append(RedisCommand("ASKING"))
                    slots.append(nil)
                }
                batch.append(commands[index])
                slots.append(index)
            }
            return (batch, slots)
        }
        if groups.count == 1, let (_, indices) = groups.first {
            let (batch, slots) = batch(indices)
            let replies = await pools[0].pipeline(batch, timeout: timeout)
            return zip(slots, replies).compactMap { slot, reply in slot.map { ($0, reply) } }
        }
        return await withTaskGroup(of: [(Int, Result<RedisReply, RedisError>)].self) { group in
            for (pool, indices) in zip(pools, groups.values) {
                let (batch, slots) = batch(indices)
                group.addTask {
                    let replies = await pool.pipeline(batch, timeout: timeout)
                    return zip(slots, replies).compactMap { slot, reply in slot.map { ($0, reply) } }
                }
            }
            var all: [(Int, Result<RedisReply, RedisError>)] = []
            for await part in group { all += part }
            return all
        }
    }

    /// Leases a connection to the master of `slot` (any master when nil) for `body`.
    func withLeasedConnection<Result>(
        slot: HashSlot?,
        timeout: Duration?,
        _ body: (RedisLease) async throws -> Result
    ) async throws -> Result {
        if let error = await ensureMap() { throw error }
        let map = state.withLock { $0.map }
        guard let target = slot.flatMap({ map.master(of: $0) }) ?? map.masters.first else {
            throw RedisError(code: .serverError, message: "no node serves slot \(slot.map { "\($0)" } ?? "any")", serverPrefix: "CLUSTERDOWN")
        }
        do {
            return try await pool(for: target).withLeasedConnection(timeout: timeout ?? configuration.leaseTimeout, body)
        } catch let error as RedisError {
            // The caller sees the error (a leased command is not retried), but the next lease goes
            // to the right node: a MOVED slot is reassigned and the map refreshed.
            switch Redirection(error) {
            case .moved(let slot, let master):
                state.withLock { $0.map.assign(slot, to: master) }
                scheduleRefresh()
            case .clusterDown, .unreachable, .replyLost:
                scheduleRefresh()
            case .ask, .tryAgain, .none:
                break
            }
            throw error
        }
    }

    /// Sends `command` to every master and returns each master's result.
    func broadcast(_ command: RedisCommand, timeout: Duration?) async throws -> [(RedisConfiguration.Endpoint, Result<RedisReply, RedisError>)] {
        if let error = await ensureMap() { throw error }
        let masters = state.withLock { $0.map.masters }
        return await withTaskGroup(of: (RedisConfiguration.Endpoint, Result<RedisReply, RedisError>).self) { group in
            for master in masters {
                let pool = pool(for: master)
                group.addTask { (master, await pool.pipeline([command], timeout: timeout)[0]) }
            }
            var all: [(RedisConfiguration.Endpoint, Result<RedisReply, RedisError>)] = []
            for await result in group { all.append(result) }
            return all.sorted { "\($0.0)" < "\($1.0)" }
        }
    }

    /// The current slot map (after discovering it, if not done yet).
    func slotMap() async throws -> ClusterSlotMap {
        if let error = await ensureMap() { throw error }
        return state.withLock { $0.map }
    }

    /// How many times the slot map was fetched (for tests and metrics).
    var refreshCount: Int { state.withLock { $0.refreshes } }

    func shutdown() {
        let pools = state.withLock { state -> [RedisNodePool] in
            state.shutDown = true
            return Array(state.pools.values)
        }
        for pool in pools { pool.shutdown() }
    }

    // MARK: Slot map

    /// Discovers the map on first use; returns the error when no seed answers.
    private func ensureMap() async -> RedisError? {
        if state.withLock({ !$0.map.shards.isEmpty }) { return nil }
        await refreshNow()
        if state.withLock({ !$0.map.shards.isEmpty }) { return nil }
        return RedisError(
            code: .connectionFailed,
            message: "no Redis Cluster node of \(configuration.clusterSeeds.map(\.description).joined(separator: ",")) returned a slot map")
    }

    /// Starts a refresh in the background unless one is running.
    func scheduleRefresh() {
        _ = startRefresh()
    }

    /// Refreshes the map and waits for it (joining a refresh already running).
    func refreshNow() async {
        await startRefresh().value
    }

    private func startRefresh() -> Task<Void, Never> {
        state.withLock { state in
            if let running = state.refresh { return running }
            let task = Task { [self] in
                await self.fetchMap()
                self.state.withLock { $0.refresh = nil }
            }
            state.refresh = task
            return task
        }
    }

    /// Asks the known masters, then the seeds, then replicas for `CLUSTER SLOTS`; the first full
    /// answer wins (a partial one is kept only when nothing better comes).
    private func fetchMap() async {
        let (known, replicas) = state.withLock { state in
            (state.map.masters, state.map.shards.flatMap(\.replicas))
        }
        var candidates: [RedisConfiguration.Endpoint] = []
        for endpoint in known + configuration.clusterSeeds + replicas where !candidates.contains(endpoint) {
            candidates.append(endpoint)
        }
        var best: ClusterSlotMap?
        var lastError: RedisError?
        for endpoint in candidates {
            let reply = await pool(for: endpoint).pipeline([RedisCommand("CLUSTER", "SLOTS")], timeout: configuration.connectTimeout)[0]
            do {
                let host: String
                if case .tcp(let h, _) = endpoint { host = h } else { host = "127.0.0.1" }
                let map = try ClusterSlotMap(clusterSlots: try reply.get(), defaultHost: host)
                if map.coveredSlots == HashSlot.count {
                    best = map
                    break
                }
                if map.coveredSlots > (best?.coveredSlots ?? 0) { best = map }
            } catch {
                lastError = error
            }
        }
        guard let best else {
            logger.warning("cluster slot map refresh failed", metadata: ["redis.error": "\(lastError.map { "\($0)" } ?? "no node")"])
            return
        }
        let changed = state.withLock { state -> Bool in
            state.refreshes += 1
            defer { state.map = best }
            return state.map != best
        }
        if changed {
            logger.debug("cluster slot map updated", metadata: [
                "redis.masters": "\(best.masters.map(\.description).joined(separator: ","))",
                "redis.covered_slots": "\(best.coveredSlots)",
            ])
        }
    }

    private func pool(for endpoint: RedisConfiguration.Endpoint) -> RedisNodePool {
        state.withLock { state in
            if let pool = state.pools[endpoint] { return pool }
            var node = configuration
            node.endpoint = endpoint
            node.database = 0
            let pool = RedisNodePool(configuration: node, statistics: statistics, logger: logger)
            if state.shutDown { pool.shutdown() }
            state.pools[endpoint] = pool
            return pool
        }
    }
}

/// What a failed command's error asks the cluster client to do.
enum Redirection {
    case moved(HashSlot, RedisConfiguration.Endpoint)
    case ask(HashSlot, RedisConfiguration.Endpoint)
    case tryAgain
    case clusterDown
    /// The node could not be reached; the command was not sent.
    case unreachable
    /// The command was sent and its reply lost: it may have run.
    case replyLost
    case none

    init(_ error: RedisError) {
        switch (error.code, error.serverPrefix) {
        case (.serverError, "MOVED"), (.serverError, "ASK"):
            let parts = error.message.split(separator: " ")
            guard parts.count == 2, let slot = Int(parts[0]), (0..<HashSlot.count).contains(slot),
                let target = try? RedisConfiguration.Endpoint(hostPort: parts[1])
            else {
                self = .none
                return
            }
            self = error.serverPrefix == "MOVED" ? .moved(HashSlot(slot), target) : .ask(HashSlot(slot), target)
        case (.serverError, "TRYAGAIN"):
            self = .tryAgain
        case (.serverError, "CLUSTERDOWN"), (.serverError, "MASTERDOWN"), (.serverError, "LOADING"):
            self = .clusterDown
        case (.connectionFailed, _):
            self = .unreachable
        case (.connectionLost, _), (.timeout, _):
            self = .replyLost
        default:
            self = .none
        }
    }
}
