/// Where and how to connect, and how the pool behaves. Its description never shows the password.
public struct RedisConfiguration: Sendable, CustomStringConvertible {
    /// A TCP host and port, or a unix socket path.
    public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)

        public var description: String {
            switch self {
            case .tcp(let host, let port): return "\(host):\(port)"
            case .unixSocket(let path): return "unix:\(path)"
            }
        }
    }

    /// The server to talk to.
    public var endpoint: Endpoint
    /// ACL user name for `AUTH user password`; `nil` uses `AUTH password` (the default user).
    public var username: String?
    /// Password for `AUTH`; `nil` sends no `AUTH`.
    public var password: String?
    /// Database number for `SELECT`; 0 sends none.
    public var database: Int
    /// How long to wait for the TCP or unix connect.
    public var connectTimeout: Duration
    /// How long to wait for the reply of any command (socket send/receive timeout). A command that
    /// blocks on the server (`XREADGROUP … BLOCK`, `DEBUG SLEEP`) needs a per-call timeout above its block time.
    public var commandTimeout: Duration
    /// Maximum number of connections in the pool.
    public var maximumConnections: Int
    /// How long ``RedisClient/withLeasedConnection(timeout:_:)`` and queued commands wait for a
    /// connection when every one is leased.
    public var leaseTimeout: Duration
    /// First reconnect delay after a failure; doubles per failed attempt.
    public var reconnectBaseDelay: Duration
    /// Upper bound of the reconnect delay.
    public var reconnectMaximumDelay: Duration
    /// Name sent with `CLIENT SETNAME`, visible in `CLIENT LIST`.
    public var clientName: String?
    /// Seed nodes of a Redis Cluster; empty for a single server. With seeds, the client discovers
    /// the slot map from them and keeps a pool of ``maximumConnections`` per master.
    public var clusterSeeds: [Endpoint] = []
    /// On a cluster, how long a command is retried while its slot has no reachable master
    /// (`CLUSTERDOWN`, `TRYAGAIN`, a master that refuses connections during a failover).
    public var clusterRetryBudget: Duration = .seconds(2)

    /// Whether this configuration names a Redis Cluster.
    public var isCluster: Bool { !clusterSeeds.isEmpty }

    public init(
        endpoint: Endpoint = .tcp(host: "127.0.0.1", port: 6379),
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(5),
        maximumConnections: Int = 4,
        leaseTimeout: Duration = .seconds(2),
        reconnectBaseDelay: Duration = .milliseconds(20),
        reconnectMaximumDelay: Duration = .seconds(2),
        clientName: String? = "prefeed"
    ) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.maximumConnections = max(1, maximumConnections)
        self.leaseTimeout = leaseTimeout
        self.reconnectBaseDelay = reconnectBaseDelay
        self.reconnectMaximumDelay = reconnectMaximumDelay
        self.clientName = clientName
    }

    /// Parses `redis://[user[:password]@]host[:port][/db]`, `unix:///path/to.sock`, or `host:port`.
    public init(url: String) throws(RedisError) {
        self.init()
        var rest = Substring(url)
        if rest.hasPrefix("unix://") {
            endpoint = .unixSocket(path: String(rest.dropFirst("unix://".count)))
            return
        }
        if rest.hasPrefix("redis://") { rest = rest.dropFirst("redis://".count) }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : String(user)
                password = String(credentials[credentials.index(after: colon)...])
            } else {
                password = String(credentials)
            }
        }
        if let slash = rest.firstIndex(of: "/") {
            let db = rest[rest.index(after: slash)...]
            guard db.isEmpty || Int(db) != nil else {
                throw RedisError(code: .invalidArgument, message: "database in Redis URL is not a number")
            }
            database = Int(db) ?? 0
            rest = rest[..<slash]
        }
        var host = String(rest)
        var port = 6379
        if let colon = rest.lastIndex(of: ":") {
            guard let parsed = Int(rest[rest.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw RedisError(code: .invalidArgument, message: "port in Redis URL is not a number in 1…65535")
            }
            port = parsed
            host = String(rest[..<colon])
        }
        if host.isEmpty { host = "127.0.0.1" }
        endpoint = .tcp(host: host, port: port)
    }

    /// A Redis Cluster reached through `seeds`, a comma-separated `host:port` list
    /// (`127.0.0.1:7000,127.0.0.1:7001`); each may also be a `redis://[user:password@]host:port` URL,
    /// whose credentials then apply to every node.
    public init(clusterSeeds seeds: String) throws(RedisError) {
        self.init()
        for seed in seeds.split(separator: ",").map({ String($0.filter { !$0.isWhitespace }) }) where !seed.isEmpty {
            let node = try RedisConfiguration(url: seed)
            guard node.database == 0 else {
                throw RedisError(code: .invalidArgument, message: "Redis Cluster has only database 0; drop '/\(node.database)' from \(seed)")
            }
            if node.password != nil {
                username = node.username
                password = node.password
            }
            clusterSeeds.append(node.endpoint)
        }
        guard let first = clusterSeeds.first else {
            throw RedisError(code: .invalidArgument, message: "no cluster seed in '\(seeds)': expected host:port[,host:port…]")
        }
        endpoint = first
    }

    public var description: String {
        if isCluster {
            var auth = ""
            if password != nil { auth = "\(username ?? "default"):<redacted>@" }
            return "redis-cluster://\(auth)" + clusterSeeds.map(\.description).joined(separator: ",")
        }
        var auth = ""
        if password != nil { auth = "\(username ?? "default"):<redacted>@" }
        return "redis://\(auth)\(endpoint)/\(database)"
    }
}
