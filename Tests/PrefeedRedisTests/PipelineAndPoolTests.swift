import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Pipelines, pool and scripts")
struct PipelineAndPoolTests {
    @Test func tenThousandCommandPipeline() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }

        let before = client.statistics.snapshot
        var commands: [RedisCommand] = []
        for index in 0..<10_000 {
            commands.append(index % 2 == 0 ? RedisCommand("SET", "key:\(index)", index) : RedisCommand("INCR", "counter"))
        }
        let results = await client.pipeline(commands)
        #expect(results.count == 10_000)
        for (index, result) in results.enumerated() {
            if index % 2 == 0 {
                #expect(try result.get() == .status("OK"))
            } else {
                #expect(try result.get() == .integer(Int64(index / 2 + 1)))
            }
        }
        // One round trip for the whole pipeline.
        #expect(client.statistics.snapshot.since(before).roundTrips == 1)
        #expect(try await client.execute("GET", "key:9998").int == 9998)
    }

    @Test func failingCommandDoesNotFailNeighbours() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }

        try await client.execute("SET", "s", "text")
        let results = await client.pipeline([
            RedisCommand("INCR", "n"),
            RedisCommand("LPUSH", "s", "x"),
            RedisCommand("NOSUCHCOMMAND"),
            RedisCommand("INCR", "n"),
        ])
        #expect(try results[0].get() == .integer(1))
        #expect(throws: RedisError.self) { try results[1].get() }
        if case .failure(let error) = results[1] { #expect(error.serverPrefix == "WRONGTYPE") }
        if case .failure(let error) = results[2] { #expect(error.serverPrefix == "ERR") }
        #expect(try results[3].get() == .integer(2))
    }

    @Test func hundredConcurrentTasksOnPoolOfEightNeverCrossReplies() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client(maximumConnections: 8)
        defer { client.shutdown() }

        try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<100 {
                group.addTask {
                    var checked = 0
                    for round in 0..<50 {
                        let token = "task-\(task)-round-\(round)"
                        // ECHO returns the caller's own token; a crossed reply would return another's.
                        let echoed = try await client.execute("ECHO", token)
                        #expect(echoed.string == token)
                        let results = await client.pipeline([
                            RedisCommand("SET", "k:\(task)", round),
                            RedisCommand("GET", "k:\(task)"),
                        ])
                        #expect(try results[1].get().int == Int64(round))
                        checked += 1
                    }
                    return checked
                }
            }
            var total = 0
            for try await checked in group { total += checked }
            #expect(total == 100 * 50)
        }
        let stats = client.statistics.snapshot
        #expect(stats.commands == 100 * 50 * 3)
        #expect(stats.connects <= 8)
    }

    @Test func scriptReloadsAfterScriptFlush() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }

        let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
        // Not loaded yet: the first call gets NOSCRIPT internally and loads it.
        #expect(try await client.run(script, keys: ["c"], arguments: [5]) == .integer(5))
        #expect(try await client.execute("SCRIPT", "EXISTS", script.sha1) == .array([.integer(1)]))

        try await client.execute("SCRIPT", "FLUSH")
        #expect(try await client.execute("SCRIPT", "EXISTS", script.sha1) == .array([.integer(0)]))
        // Transparent reload, once, in a pipeline with plain commands around it.
        let results = await client.pipeline([
            RedisCommand("INCR", "other"),
            script.command(keys: ["c"], arguments: [10]),
            script.command(keys: ["c"], arguments: [100]),
        ])
        #expect(try results[0].get() == .integer(1))
        #expect(try results[1].get() == .integer(15))
        #expect(try results[2].get() == .integer(115))
        // The SHA we compute locally is the one Redis computes.
        #expect(try await client.execute("SCRIPT", "LOAD", script.source).string == script.sha1)
    }

    @Test func aScriptRedisCannotCompileFailsWithTheCompileError() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }

        let broken = RedisScript("local x = 1 end")
        let results = await client.pipeline([broken.command(keys: ["k"], arguments: []), RedisCommand("PING")])
        guard case .failure(let error) = results[0] else {
            Issue.record("a script that does not compile ran: \(results[0])")
            return
        }
        #expect(error.serverPrefix != "NOSCRIPT", "the load error is reported, not the NOSCRIPT retry")
        #expect(error.message.contains("compil") || error.message.contains("Error"), "\(error.message)")
        #expect(try results[1].get() == .status("PONG"))
    }

    @Test func leaseIsExclusiveAndTimesOut() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client(maximumConnections: 2)
        defer { client.shutdown() }

        try await client.withLeasedConnection { first in
            try await client.withLeasedConnection { second in
                // Both connections are leased: a third lease waits and then times out.
                await #expect {
                    try await client.withLeasedConnection(timeout: .milliseconds(100)) { _ in }
                } throws: { error in
                    (error as? RedisError)?.code == .poolTimeout
                }
                // Leased connections are distinct connections.
                let a = try await first.execute("CLIENT", "ID").int
                let b = try await second.execute("CLIENT", "ID").int
                #expect(a != nil && b != nil && a != b)
            }
        }
        // Released: leasing works again, and plain commands too.
        let id = try await client.withLeasedConnection { lease in try await lease.execute("PING") }
        #expect(id == .status("PONG"))
    }

    @Test func waitingLeaseGetsConnectionWhenReleased() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client(maximumConnections: 1)
        defer { client.shutdown() }

        let holder = Task {
            try await client.withLeasedConnection { lease in
                try await Task.sleep(for: .milliseconds(150))
                return try await lease.execute("PING")
            }
        }
        try await Task.sleep(for: .milliseconds(30))
        // The only connection is leased; this waits (within the lease timeout) rather than failing.
        let reply = try await client.execute("ECHO", "after")
        #expect(reply.string == "after")
        #expect(try await holder.value == .status("PONG"))
    }
}
