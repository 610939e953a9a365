import Foundation
import PrefeedRedis
import PrefeedTestSupport

/// `prefeed bench redis`: our client against `redis-benchmark`, on the same server, in the same run.
///
/// For each workload (GET, SET of a 100-byte value, ZRANGE of 20 items from a 500-item ZSET) and
/// each concurrency (1, 8, 50 tasks), and for pipelines of depth 16 at 50 tasks, it measures
/// `redis-benchmark` with the same command, then our client doing the same number of requests with
/// as many concurrent Swift tasks, and prints both rates and their ratio. The machine is shared and
/// noisy; the ratio is what to read, because both sides ran seconds apart against the same server.
public enum RedisBenchmark {
    /// One measured cell of the table.
    public struct Row: Sendable, Codable {
        public var workload: String
        public var concurrency: Int
        public var pipeline: Int
        public var requests: Int
        public var redisBenchmarkRPS: Double
        public var prefeedRPS: Double
        public var ratio: Double { prefeedRPS / redisBenchmarkRPS }
    }

    struct Workload {
        var name: String
        var arguments: [String]
        var command: RedisCommand
    }

    /// Runs the benchmark. With `redisURL` nil it starts its own redis-server with Ops/redis.conf.
    /// `scale` multiplies the request counts (1 = about 1-3 s per cell).
    public static func run(
        redisURL: String?, connections: Int, scale: Double, print: @Sendable (String) -> Void
    ) async throws -> [Row] {
        let redisBenchmark = try locate("redis-benchmark")
        var server: RedisServerProcess?
        let configuration: RedisConfiguration
        if let redisURL {
            configuration = try RedisConfiguration(url: redisURL)
        } else {
            // No AOF for the benchmark server: both clients would pay the same fsync cost; it only adds noise.
            let started = try await RedisServerProcess.start(extraArguments: ["--appendonly", "no"])
            server = started
            configuration = started.configuration
        }
        defer { server?.stop() }
        guard case .tcp(let host, let port) = configuration.endpoint else {
            throw RedisError(code: .invalidArgument, message: "bench redis needs a TCP endpoint")
        }
        var clientConfiguration = configuration
        clientConfiguration.maximumConnections = connections
        let client = RedisClient(configuration: clientConfiguration)
        defer { client.shutdown() }

        // The data: one string key, one 500-member ZSET of 18-digit ids (like a feed snapshot).
        let value = String(repeating: "x", count: 100)
        try await client.execute("SET", "bench:key", value)
        try await client.execute("DEL", "bench:zset")
        var zadd = RedisCommand("ZADD", "bench:zset")
        for position in 0..<500 {
            zadd.append(position)
            zadd.append(UInt64(100_000_000_000_000_000) + UInt64(position))
        }
        try await client.execute(zadd)

        let workloads = [
            Workload(name: "GET", arguments: ["GET", "bench:key"], command: RedisCommand("GET", "bench:key")),
            Workload(name: "SET", arguments: ["SET", "bench:key", value], command: RedisCommand("SET", "bench:key", value)),
            Workload(name: "ZRANGE 20/500", arguments: ["ZRANGE", "bench:zset", "100", "119"],
                     command: RedisCommand("ZRANGE", "bench:zset", 100, 119)),
        ]
        let cells: [(concurrency: Int, pipeline: Int, requests: Int)] = [
            (1, 1, 20_000), (8, 1, 100_000), (50, 1, 200_000), (50, 16, 1_000_000),
        ]

        print("prefeed bench redis: \(configuration.endpoint), prefeed pool of \(connections) connection(s)")
        print(pad("workload", 14) + pad("tasks", 6) + pad("pipe", 5) + pad("redis-benchmark/s", 19) + pad("prefeed/s", 12) + "ratio")
        var rows: [Row] = []
        for workload in workloads {
            for cell in cells {
                let requests = max(1_000, Int(Double(cell.requests) * scale))
                let reference = try runRedisBenchmark(
                    redisBenchmark, host: host, port: port, clients: cell.concurrency,
                    pipeline: cell.pipeline, requests: requests, arguments: workload.arguments)
                let ours = await runOurs(
                    client, command: workload.command, tasks: cell.concurrency,
                    pipeline: cell.pipeline, requests: requests)
                let row = Row(
                    workload: workload.name, concurrency: cell.concurrency, pipeline: cell.pipeline,
                    requests: requests, redisBenchmarkRPS: reference, prefeedRPS: ours)
                rows.append(row)
                print(pad(row.workload, 14) + pad("\(row.concurrency)", 6) + pad("\(row.pipeline)", 5)
                      + pad(format(row.redisBenchmarkRPS), 19) + pad(format(row.prefeedRPS), 12)
                      + String(format: "%.2f", row.ratio))
            }
        }
        let c50 = rows.filter { $0.concurrency == 50 && $0.pipeline == 1 }.map(\.ratio)
        let piped = rows.filter { $0.pipeline > 1 }.map(\.ratio)
        let c8 = rows.filter { $0.concurrency == 8 && $0.pipeline == 1 }.map(\.ratio)
        let c1 = rows.filter { $0.concurrency == 1 }.map(\.ratio)
        let summary: [String: Any] = [
            "bench": "redis",
            "ratio_c50": round3(geometricMean(c50)),
            "ratio_c50_min": round3(c50.min() ?? 0),
            "ratio_pipelined": round3(geometricMean(piped)),
            "ratio_pipelined_min": round3(piped.min() ?? 0),
            "ratio_c8": round3(geometricMean(c8)),
            "ratio_c1": round3(geometricMean(c1)),
            "connections": connections,
            "redis_version": (try? await client.execute("INFO", "server").string)
                .flatMap { info in info.split(separator: "\r\n").first { $0.hasPrefix("redis_version:") } }
                .map { String($0.dropFirst("redis_version:".count)) } ?? "unknown",
        ]
        let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
        return rows
    }

    /// Our client: `tasks` concurrent tasks share `requests` requests, each sending `pipeline` commands at once.
    static func runOurs(_ client: RedisClient, command: RedisCommand, tasks: Int, pipeline: Int, requests: Int) async -> Double {
        let batches = requests / pipeline
        let perTask = batches / tasks
        let batch = Array(repeating: command, count: pipeline)
        let start = ContinuousClock.now
        let failures = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    var failures = 0
                    for _ in 0..<perTask {
                        if pipeline == 1 {
                            do { _ = try await client.execute(command) } catch { failures += 1 }
                        } else {
                            for result in await client.pipeline(batch) {
                                if case .failure = result { failures += 1 }
                            }
                        }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        precondition(failures == 0, "benchmark requests failed: \(failures)")
        return Double(perTask * tasks * pipeline) / seconds
    }

    /// Runs `redis-benchmark --csv` and returns its requests per second.
    static func runRedisBenchmark(
        _ executable: String, host: String, port: Int, clients: Int, pipeline: Int, requests: Int, arguments: [String]
    ) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-h", host, "-p", String(port), "-c", String(clients), "-n", String(requests),
                             "-P", String(pipeline), "--csv"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        // CSV: a header line, then "name","rps",... ; take the last line's second field.
        guard let line = text.split(separator: "\n").last(where: { !$0.hasPrefix("\"test\"") }) else {
            throw RedisError(code: .unexpectedReply, message: "redis-benchmark printed nothing")
        }
        let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        guard fields.count > 1, let rps = Double(fields[1]) else {
            throw RedisError(code: .unexpectedReply, message: "cannot parse redis-benchmark output: \(line)")
        }
        return rps
    }

    static func locate(_ tool: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin"] {
            let candidate = directory + "/" + tool
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError("\(tool) is not installed: run Ops/install-deps (apt-get install -y redis-tools)")
    }

    static func geometricMean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        return exp(values.map { log($0) }.reduce(0, +) / Double(values.count))
    }

    static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
    static func format(_ value: Double) -> String { String(format: "%.0f", value) }
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
