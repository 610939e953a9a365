import Foundation
import Logging
import PrefeedRedis

/// A private Redis Cluster on loopback: `masters` masters with `replicasPerMaster` replicas each,
/// every node a ``RedisServerProcess`` (free ports, temporary directories, watchdog: nothing is left
/// running if the test process dies).
///
/// The cluster is built with plain cluster commands (`ADDSLOTSRANGE`, `MEET`, `REPLICATE`), the
/// same steps `redis-cli --cluster create` takes, and is ready when every node reports
/// `cluster_state:ok` and a slot map with every slot and every replica.
public final class RedisClusterProcess: Sendable {
    /// Every node; the first `masters` started as masters (a failover may change roles since).
    public let nodes: [RedisServerProcess]
    /// How many nodes started as masters.
    public let masters: Int
    /// A client configuration with every node as a seed.
    public let configuration: RedisConfiguration

    /// Starts the nodes, joins them into a cluster and waits until it is healthy (at most `timeout`).
    /// `nodeTimeout` is the cluster's failure-detection time (`cluster-node-timeout`).
    public static func start(
        masters: Int = 3,
        replicasPerMaster: Int = 1,
        nodeTimeout: Duration = .milliseconds(1_500),
        maximumConnections: Int = 4,
        timeout: Duration = .seconds(30)
    ) async throws -> RedisClusterProcess {
        precondition(masters >= 1 && replicasPerMaster >= 0)
        var nodes: [RedisServerProcess] = []
        do {
            for _ in 0..<(masters * (1 + replicasPerMaster)) {
                nodes.append(try await RedisServerProcess.start(
                    extraArguments: ["--cluster-node-timeout", String(nodeTimeout.milliseconds),
                                     "--repl-diskless-sync-delay", "0"],
                    maximumConnections: 2, clusterNode: true))
            }
            let cluster = RedisClusterProcess(nodes: nodes, masters: masters, maximumConnections: maximumConnections)
            try await cluster.create(replicasPerMaster: replicasPerMaster, timeout: timeout)
            return cluster
        } catch {
            for node in nodes { node.stop() }
            throw error
        }
    }

    private init(nodes: [RedisServerProcess], masters: Int, maximumConnections: Int) {
        self.nodes = nodes
        self.masters = masters
        var configuration = nodes[0].configuration
        configuration.clusterSeeds = nodes.map(\.configuration.endpoint)
        configuration.maximumConnections = maximumConnections
        configuration.clusterRetryBudget = .seconds(3)
        self.configuration = configuration
    }

    /// Stops every node.
    public func stop() {
        for node in nodes { node.stop() }
    }

    /// A new cluster client.
    public func client(maximumConnections: Int? = nil, logger: Logger = Logger(label: "prefeed.redis")) -> RedisClient {
        var configuration = configuration
        if let maximumConnections { configuration.maximumConnections = maximumConnections }
        return RedisClient(configuration: configuration, logger: logger)
    }

    /// The seeds as `host:port,host:port…`, the form of `--redis-cluster`.
    public var seedList: String { nodes.map { "127.0.0.1:\($0.port)" }.joined(separator: ",") }

    /// The node listening on `endpoint`.
    public func node(at endpoint: RedisConfiguration.Endpoint) -> RedisServerProcess? {
        nodes.first { $0.configuration.endpoint == endpoint }
    }

    /// Waits until every running node reports `cluster_state:ok` and a full slot map whose masters
    /// are all running, and every shard has `replicas` replicas (when given).
    public func waitUntilHealthy(replicas: Int? = nil, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            var healthy = true
            for node in nodes where node.isRunning {
                let client = direct(node)
                defer { client.shutdown() }
                do {
                    let info = try await client.execute("CLUSTER", "INFO").string ?? ""
                    guard info.contains("cluster_state:ok") else {
                        healthy = false
                        last = "node \(node.port): \(info.split(separator: "\r\n").first ?? "")"
                        break
                    }
                    let map = try ClusterSlotMap(clusterSlots: try await client.execute("CLUSTER", "SLOTS"), defaultHost: "127.0.0.1")
                    let runningMasters = map.masters.allSatisfy { self.node(at: $0)?.isRunning == true }
                    let replicated = replicas.map { count in map.shards.allSatisfy { $0.replicas.count >= count } } ?? true
                    guard map.coveredSlots == HashSlot.count, runningMasters, replicated else {
                        healthy = false
                        last = "node \(node.port): \(map.coveredSlots) slots, masters \(map.masters), replicas \(map.shards.map(\.replicas.count))"
                        break
                    }
                } catch {
                    healthy = false
                    last = "node \(node.port): \(error)"
                    break
                }
            }
            if healthy { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("the Redis Cluster did not become healthy within \(timeout): \(last)")
    }

    /// A single-node client for `node` (cluster commands about that node itself).
    public func direct(_ node: RedisServerProcess) -> RedisClient {
        var configuration = node.configuration
        configuration.maximumConnections = 1
        return RedisClient(configuration: configuration, logger: Logger(label: "prefeed.redis.direct") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Moves `slot` from its master to the next master (in slot-map order, skipping `skip` more) the
    /// way `redis-cli --cluster reshard` does: `IMPORTING` on the target, `MIGRATING` on the source,
    /// `MIGRATE` of its keys, then `SETSLOT … NODE` on every master. `askWindow` keeps the slot in
    /// the migrating state a little after its keys moved, so clients meet `ASK`. Returns the target.
    @discardableResult
    public func moveSlot(_ slot: HashSlot, skip: Int = 0, askWindow: Duration = .milliseconds(30)) async throws -> RedisConfiguration.Endpoint {
        let probe = direct(try runningMaster())
        defer { probe.shutdown() }
        let map = try ClusterSlotMap(clusterSlots: try await probe.execute("CLUSTER", "SLOTS"), defaultHost: "127.0.0.1")
        guard let sourceEndpoint = map.master(of: slot), let position = map.masters.firstIndex(of: sourceEndpoint),
            map.masters.count > 1
        else { throw TestSupportError("slot \(slot) has no master to move from, or the cluster has one master") }
        let targetEndpoint = map.masters[(position + 1 + skip % (map.masters.count - 1)) % map.masters.count]
        guard let sourceNode = node(at: sourceEndpoint), let targetNode = node(at: targetEndpoint),
            case .tcp(_, let targetPort) = targetEndpoint
        else { throw TestSupportError("slot \(slot): unknown node \(sourceEndpoint) or \(targetEndpoint)") }
        let source = direct(sourceNode)
        let target = direct(targetNode)
        defer { source.shutdown(); target.shutdown() }
        let sourceID = try await source.execute("CLUSTER", "MYID").string ?? ""
        let targetID = try await target.execute("CLUSTER", "MYID").string ?? ""

        try await target.execute("CLUSTER", "SETSLOT", slot.value, "IMPORTING", sourceID)
        try await source.execute("CLUSTER", "SETSLOT", slot.value, "MIGRATING", targetID)
        while true {
            let keys = try await source.execute("CLUSTER", "GETKEYSINSLOT", slot.value, 100).array ?? []
            if keys.isEmpty { break }
            var arguments: [any RedisArgument] = ["127.0.0.1", targetPort, "", 0, 5_000, "KEYS"]
            arguments += keys.compactMap(\.bytes) as [any RedisArgument]
            try await source.execute(RedisCommand("MIGRATE", arguments: arguments))
        }
        try await Task.sleep(for: askWindow)
        try await target.execute("CLUSTER", "SETSLOT", slot.value, "NODE", targetID)
        try await source.execute("CLUSTER", "SETSLOT", slot.value, "NODE", targetID)
        for master in map.masters where master != sourceEndpoint && master != targetEndpoint {
            guard let other = node(at: master) else { continue }
            let client = direct(other)
            defer { client.shutdown() }
            try await client.execute("CLUSTER", "SETSLOT", slot.value, "NODE", targetID)
        }
        return targetEndpoint
    }

    private func runningMaster() throws -> RedisServerProcess {
        guard let node = nodes.first(where: \.isRunning) else { throw TestSupportError("no cluster node is running") }
        return node
    }

    private func create(replicasPerMaster: Int, timeout: Duration) async throws {
        let clients = nodes.map(direct)
        defer { for client in clients { client.shutdown() } }
        // Slots, split evenly over the masters.
        for index in 0..<masters {
            let first = HashSlot.count * index / masters
            let last = HashSlot.count * (index + 1) / masters - 1
            try await clients[index].execute("CLUSTER", "ADDSLOTSRANGE", first, last)
        }
        // Everybody meets the first node; gossip spreads the rest.
        let busPort = try await clusterBusPort(clients[0])
        for client in clients.dropFirst() {
            try await client.execute("CLUSTER", "MEET", "127.0.0.1", nodes[0].port, busPort)
        }
        let deadline = ContinuousClock.now + timeout
        var ids: [String] = []
        for client in clients { ids.append(try await client.execute("CLUSTER", "MYID").string ?? "") }
        while true {
            var known = true
            for client in clients {
                let text = try await client.execute("CLUSTER", "NODES").string ?? ""
                if text.split(separator: "\n").count < nodes.count { known = false }
            }
            if known { break }
            guard ContinuousClock.now < deadline else { throw TestSupportError("cluster nodes did not meet within \(timeout)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Replicas: node masters + k·masters + i replicates master i.
        for replica in 0..<(masters * replicasPerMaster) {
            let master = replica % masters
            var attempts = 0
            while true {
                do {
                    try await clients[masters + replica].execute("CLUSTER", "REPLICATE", ids[master])
                    break
                } catch let error as RedisError where attempts < 100 {
                    // "Unknown node" until the replica has heard of the master through gossip.
                    _ = error
                    attempts += 1
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
        }
        try await waitUntilHealthy(replicas: replicasPerMaster, timeout: ContinuousClock.now.duration(to: deadline))
    }

    private func clusterBusPort(_ client: RedisClient) async throws -> Int {
        let reply = try await client.execute("CONFIG", "GET", "cluster-port").array ?? []
        guard reply.count == 2, let port = reply[1].int, port > 0 else {
            throw TestSupportError("cluster-port not set on the first node: \(reply)")
        }
        return Int(port)
    }
}

extension Duration {
    fileprivate var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
