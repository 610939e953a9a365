import PrefeedRedis
import Testing

@Suite("Configuration, commands and backoff")
struct ConfigurationTests {
    @Test func parsesURLs() throws {
        let full = try RedisConfiguration(url: "redis://feeder:s3cret@10.0.0.5:6380/2")
        #expect(full.endpoint == .tcp(host: "10.0.0.5", port: 6380))
        #expect(full.username == "feeder")
        #expect(full.password == "s3cret")
        #expect(full.database == 2)
        #expect("\(full)" == "redis://feeder:<redacted>@10.0.0.5:6380/2")

        let bare = try RedisConfiguration(url: "127.0.0.1:7000")
        #expect(bare.endpoint == .tcp(host: "127.0.0.1", port: 7000))
        #expect(bare.password == nil)

        let socket = try RedisConfiguration(url: "unix:///run/redis.sock")
        #expect(socket.endpoint == .unixSocket(path: "/run/redis.sock"))

        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://host:notaport") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://host:6379/x") }
    }

    @Test func commandArgumentsAreBinaryVectors() {
        let command = RedisCommand("SET", "a b", [UInt8]([0, 1, 2]), 42, -7, 2.5)
        #expect(command.arguments == [Array("SET".utf8), Array("a b".utf8), [0, 1, 2], Array("42".utf8), Array("-7".utf8), Array("2.5".utf8)])
        #expect(command.name == "SET")
        // The description names the command only: values may be secrets.
        #expect("\(RedisCommand("AUTH", "hunter2"))" == "RedisCommand(AUTH, 2 args)")
    }

    @Test func serverErrorPrefixes() {
        let moved = RedisError(serverReply: "MOVED 3999 127.0.0.1:6381")
        #expect(moved.serverPrefix == "MOVED")
        #expect(moved.message == "3999 127.0.0.1:6381")
        let plain = RedisError(serverReply: "something odd")
        #expect(plain.serverPrefix == nil)
        #expect(plain.message == "something odd")
    }

    @Test func backoffIsCappedExponentialWithJitter() {
        let backoff = Backoff(base: .milliseconds(10), maximum: .seconds(1))
        #expect(backoff.ceiling(attempt: 0) == .milliseconds(10))
        #expect(backoff.ceiling(attempt: 3) == .milliseconds(80))
        #expect(backoff.ceiling(attempt: 20) == .seconds(1))
        var generator = SystemRandomNumberGenerator()
        var delays: Set<Duration> = []
        for _ in 0..<50 {
            let delay = backoff.delay(attempt: 4, using: &generator)
            #expect(delay >= .milliseconds(80) && delay <= .milliseconds(160))
            delays.insert(delay)
        }
        #expect(delays.count > 1, "jitter must vary the delay")
    }
}
