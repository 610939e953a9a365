/// Which node serves each of the 16384 hash slots of a Redis Cluster, from `CLUSTER SLOTS`.
public struct ClusterSlotMap: Sendable, Hashable {
    /// One master and its replicas, serving some slot ranges.
    public struct Shard: Sendable, Hashable {
        /// The master's address.
        public var master: RedisConfiguration.Endpoint
        /// The replicas' addresses.
        public var replicas: [RedisConfiguration.Endpoint]
        /// The slot ranges the shard serves.
        public var ranges: [ClosedRange<Int>]
    }

    /// Every shard, in the order the server listed them.
    public private(set) var shards: [Shard]
    /// `owner[slot]` is an index into ``shards``, or -1 when no node serves the slot.
    private var owner: [Int16]

    /// A map where no slot is served.
    public init() {
        shards = []
        owner = [Int16](repeating: -1, count: HashSlot.count)
    }

    /// Parses a `CLUSTER SLOTS` reply. An empty host (the node does not know its own address)
    /// is replaced by `defaultHost`, the host the reply came from.
    public init(clusterSlots reply: RedisReply, defaultHost: String) throws(RedisError) {
        self.init()
        guard case .array(let entries) = reply else {
            throw RedisError(code: .unexpectedReply, message: "CLUSTER SLOTS returned \(reply), not an array")
        }
        for entry in entries {
            guard case .array(let fields) = entry, fields.count >= 3,
                let start = fields[0].int, let end = fields[1].int,
                start >= 0, end < HashSlot.count, start <= end
            else {
                throw RedisError(code: .unexpectedReply, message: "CLUSTER SLOTS entry is malformed: \(entry)")
            }
            let nodes = try fields[2...].map { field throws(RedisError) in try Self.endpoint(field, defaultHost: defaultHost) }
            let master = nodes[0]
            let range = Int(start)...Int(end)
            if let index = shards.firstIndex(where: { $0.master == master }) {
                shards[index].ranges.append(range)
                for replica in nodes.dropFirst() where !shards[index].replicas.contains(replica) {
                    shards[index].replicas.append(replica)
                }
            } else {
                shards.append(Shard(master: master, replicas: Array(nodes.dropFirst()), ranges: [range]))
            }
            let index = Int16(shards.firstIndex { $0.master == master }!)
            for slot in range { owner[slot] = index }
        }
    }

    /// The master serving `slot`, or nil when the slot is not covered.
    public func master(of slot: HashSlot) -> RedisConfiguration.Endpoint? {
        let index = owner[slot.value]
        return index < 0 ? nil : shards[Int(index)].master
    }

    /// The replicas of the shard serving `slot`.
    public func replicas(of slot: HashSlot) -> [RedisConfiguration.Endpoint] {
        let index = owner[slot.value]
        return index < 0 ? [] : shards[Int(index)].replicas
    }

    /// Every master, in shard order.
    public var masters: [RedisConfiguration.Endpoint] { shards.map(\.master) }

    /// The number of slots some master serves (16384 on a healthy cluster).
    public var coveredSlots: Int { owner.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }

    /// Records that `slot` moved to `master` (a `MOVED` reply), before a full refresh confirms it.
    public mutating func assign(_ slot: HashSlot, to master: RedisConfiguration.Endpoint) {
        if let index = shards.firstIndex(where: { $0.master == master }) {
            owner[slot.value] = Int16(index)
        } else {
            shards.append(Shard(master: master, replicas: [], ranges: [slot.value...slot.value]))
            owner[slot.value] = Int16(shards.count - 1)
        }
    }

    private static func endpoint(_ reply: RedisReply, defaultHost: String) throws(RedisError) -> RedisConfiguration.Endpoint {
        guard case .array(let parts) = reply, parts.count >= 2, let port = parts[1].int, (1...65535).contains(port) else {
            throw RedisError(code: .unexpectedReply, message: "CLUSTER SLOTS node is malformed: \(reply)")
        }
        var host = parts[0].string ?? ""
        if host.isEmpty || host == "?" { host = defaultHost }
        return .tcp(host: host, port: Int(port))
    }
}

extension RedisConfiguration.Endpoint {
    /// Parses `host:port` (a cluster seed or a `MOVED` target); `[v6]:port` keeps its brackets off.
    public init(hostPort text: some StringProtocol) throws(RedisError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            throw RedisError(code: .invalidArgument, message: "'\(text)' is not host:port")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        self = .tcp(host: host, port: port)
    }
}
