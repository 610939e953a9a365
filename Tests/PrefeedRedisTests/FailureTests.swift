import Foundation
import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Authentication, timeouts and lost servers")
struct FailureTests {
    @Test func wrongPasswordIsAClearAuthErrorWithoutThePassword() async throws {
        let server = try await RedisServerProcess.start(extraArguments: ["--requirepass", "right-secret"])
        defer { server.stop() }
        var configuration = server.configuration
        configuration.password = "wrong-secret"
        let client = RedisClient(configuration: configuration)
        defer { client.shutdown() }

        await #expect {
            try await client.execute("PING")
        } throws: { error in
            guard let error = error as? RedisError else { return false }
            let text = "\(error)"
            return error.code == .authenticationFailed && !text.contains("wrong-secret") && !text.contains("right-secret")
        }
        #expect(!"\(configuration)".contains("wrong-secret"))
        #expect("\(configuration)".contains("<redacted>"))

        configuration.password = "right-secret"
        let good = RedisClient(configuration: configuration)
        defer { good.shutdown() }
        #expect(try await good.execute("PING") == .status("PONG"))
    }

    @Test func aclUserAndDatabaseSelection() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let admin = server.client()
        defer { admin.shutdown() }
        try await admin.execute("ACL", "SETUSER", "feeder", "on", ">feeder-pass", "~*", "+@all")

        var configuration = server.configuration
        configuration.username = "feeder"
        configuration.password = "feeder-pass"
        configuration.database = 3
        let client = RedisClient(configuration: configuration)
        defer { client.shutdown() }
        #expect(try await client.execute("ACL", "WHOAMI").string == "feeder")
        try await client.execute("SET", "in-db-3", "yes")
        // The admin client is on database 0 and does not see it; database 3 does.
        #expect(try await admin.execute("EXISTS", "in-db-3") == .integer(0))
        let results = await admin.pipeline([RedisCommand("SELECT", 3), RedisCommand("EXISTS", "in-db-3"), RedisCommand("SELECT", 0)])
        #expect(try results[1].get() == .integer(1))

        configuration.password = "nope"
        let bad = RedisClient(configuration: configuration)
        defer { bad.shutdown() }
        await #expect {
            try await bad.execute("PING")
        } throws: { error in
            (error as? RedisError)?.code == .authenticationFailed && (error as? RedisError)?.serverPrefix == "WRONGPASS"
        }
    }

    @Test func unixSocket() async throws {
        let socketDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("prefeed-sock-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: socketDirectory) }
        let path = socketDirectory.appendingPathComponent("redis.sock").path
        let server = try await RedisServerProcess.start(extraArguments: ["--unixsocket", path, "--unixsocketperm", "700"])
        defer { server.stop() }
        let client = RedisClient(configuration: try RedisConfiguration(url: "unix://\(path)"))
        defer { client.shutdown() }
        try await client.execute("SET", "via", "socket")
        #expect(try await client.execute("GET", "via").string == "socket")
    }

    @Test func commandTimeoutThenRecovery() async throws {
        let server = try await RedisServerProcess.start(extraArguments: ["--enable-debug-command", "local"])
        defer { server.stop() }
        var configuration = server.configuration
        configuration.commandTimeout = .milliseconds(200)
        let client = RedisClient(configuration: configuration)
        defer { client.shutdown() }

        let started = ContinuousClock.now
        await #expect {
            try await client.execute("DEBUG", "SLEEP", 4)
        } throws: { error in
            (error as? RedisError)?.code == .timeout
        }
        let waited = ContinuousClock.now - started
        // It gave up after about 200 ms, long before the 4 s sleep ended. The upper bound is loose on
        // purpose: on a 2-core machine running builds the timer's wake-up can lag by a second or more
        // (CI once measured > 1.5 s), but it never reaches the end of the sleep unless the timeout failed.
        #expect(waited >= .milliseconds(150) && waited < .milliseconds(3500))
        // The timed-out connection was discarded; once Redis is free again, the same client works.
        try await Task.sleep(for: .milliseconds(4200))
        #expect(try await client.execute(RedisCommand("PING"), timeout: .seconds(5)) == .status("PONG"))
        // A per-call timeout longer than the blocking time lets a blocking command finish.
        #expect(try await client.execute(RedisCommand("DEBUG", "SLEEP", 0.3), timeout: .seconds(2)) == .status("OK"))
    }

    @Test func redisKilledAndRestartedMidRun() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client(maximumConnections: 4)
        defer { client.shutdown() }

        // Writers run continuously while the server is killed and restarted under them.
        let stop = Task { try await Task.sleep(for: .seconds(30)) }
        let workers = (0..<16).map { worker in
            Task { () -> (ok: Int, connectionErrors: Int, other: [String]) in
                var ok = 0
                var connectionErrors = 0
                var other: [String] = []
                var round = 0
                while !stop.isCancelled, round < 100_000 {
                    round += 1
                    do {
                        let reply = try await client.execute("ECHO", "w\(worker)-\(round)")
                        if reply.string == "w\(worker)-\(round)" { ok += 1 } else { other.append("crossed: \(reply)") }
                    } catch let error as RedisError where error.isConnectionError {
                        connectionErrors += 1
                        try? await Task.sleep(for: .milliseconds(5))
                    } catch {
                        other.append("\(error)")
                    }
                }
                return (ok, connectionErrors, other)
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        server.kill9()
        try await Task.sleep(for: .milliseconds(300))
        try await server.restart()
        try await Task.sleep(for: .milliseconds(500))
        stop.cancel()

        var ok = 0
        var connectionErrors = 0
        for worker in workers {
            let result = await worker.value
            ok += result.ok
            connectionErrors += result.connectionErrors
            #expect(result.other.isEmpty, "unexpected errors or crossed replies: \(result.other.prefix(3))")
        }
        #expect(ok > 0)
        #expect(connectionErrors > 0, "the kill must have failed some calls with a connection error")
        // The same client works again: no restart of the client needed.
        #expect(try await client.execute("PING") == .status("PONG"))
        let stats = client.statistics.snapshot
        #expect(stats.connects > 1)
    }

    @Test func connectionRefusedFailsFastWithBackoff() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let port = server.port
        server.stop()
        var configuration = RedisConfiguration(endpoint: .tcp(host: "127.0.0.1", port: port), maximumConnections: 1)
        // The first retry waits at least half of this: far longer than the three calls below take.
        configuration.reconnectBaseDelay = .seconds(20)
        configuration.reconnectMaximumDelay = .seconds(20)
        let client = RedisClient(configuration: configuration)
        defer { client.shutdown() }

        for _ in 0..<3 {
            await #expect {
                try await client.execute("PING")
            } throws: { error in
                (error as? RedisError)?.code == .connectionFailed
            }
        }
        // Only the first call tried to connect; the others were refused during the backoff.
        #expect(client.statistics.snapshot.connectionErrors == 1)
    }
}
