import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Replies and binary safety")
struct ReplyTypeTests {
    @Test func everyReplyType() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }

        #expect(try await client.execute("SET", "k", "v") == .status("OK"))
        #expect(try await client.execute("INCRBY", "n", 41) == .integer(41))
        #expect(try await client.execute("GET", "k") == .bulk(Array("v".utf8)))
        #expect(try await client.execute("GET", "missing") == .null)
        #expect(try await client.execute("RPUSH", "l", "a", "b") == .integer(2))
        #expect(try await client.execute("LRANGE", "l", 0, -1) == .array([.bulk(Array("a".utf8)), .bulk(Array("b".utf8))]))

        // Nested arrays, integers and a nested null from a script.
        let nested = try await client.execute("EVAL", "return {1, {'x', {2}}, false}", 0)
        #expect(nested == .array([.integer(1), .array([.bulk(Array("x".utf8)), .array([.integer(2)])]), .null]))

        // A top-level error reply is thrown with its prefix kept.
        await #expect {
            try await client.execute("INCR", "k")
        } throws: { error in
            let error = try #require(error as? RedisError)
            return error.code == .serverError && error.serverPrefix == "ERR" && error.message.contains("not an integer")
        }
        await #expect {
            try await client.execute("LPUSH", "k", "x")
        } throws: { error in
            (error as? RedisError)?.serverPrefix == "WRONGTYPE"
        }

        // An error nested in EXEC's array is a value, not a thrown error.
        let replies = try await client.transaction([RedisCommand("INCR", "k"), RedisCommand("INCR", "n")])
        #expect(replies.count == 2)
        guard case .error(let nestedError) = replies[0] else {
            Issue.record("expected a nested error, got \(replies[0])")
            return
        }
        #expect(nestedError.serverPrefix == "ERR")
        #expect(replies[1] == .integer(42))
    }

    @Test func binarySafeValuesAndKeys() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }

        let value: [UInt8] = [0x00, 0xFF, 0xFE, 0x0D, 0x0A, 0x24, 0x2A, 0xC3, 0x28, 0x00, 0x80]
        let key: [UInt8] = Array("key with spaces\r\n*1\r\n$3\r\nEVIL".utf8) + [0x00, 0xC0]
        #expect(try await client.execute("SET", key, value) == .status("OK"))
        #expect(try await client.execute("GET", key) == .bulk(value))
        #expect(try await client.execute("STRLEN", key) == .integer(Int64(value.count)))
        // The CRLF in the key did not inject a command: exactly one key exists.
        #expect(try await client.execute("DBSIZE") == .integer(1))

        // Every byte value round-trips, and the empty string too.
        let all = (0...255).map { UInt8($0) }
        try await client.execute("SET", "all", all)
        #expect(try await client.execute("GET", "all") == .bulk(all))
        try await client.execute("SET", "empty", [UInt8]())
        #expect(try await client.execute("GET", "empty") == .bulk([]))
    }

    @Test func sixteenMegabyteValue() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }

        var value = [UInt8](repeating: 0, count: 16 * 1024 * 1024)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in stride(from: 0, to: value.count, by: 8) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            withUnsafeBytes(of: state) { bytes in
                for offset in 0..<8 { value[index + offset] = bytes[offset] }
            }
        }
        try await client.execute("SET", "big", value)
        let reply = try await client.execute("GET", "big")
        #expect(reply.bytes?.count == value.count)
        #expect(reply == .bulk(value))
    }

    @Test func integersAndDoublesAreWrittenAsRedisParsesThem() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }

        try await client.execute("ZADD", "z", 1.5, "a", -0.25, "b", Double.infinity, "c", Int64.min, "d")
        let range = try await client.execute("ZRANGE", "z", 0, -1, "WITHSCORES")
        #expect(range.array?.compactMap(\.string) == ["d", "-9.2233720368547758e+18", "b", "-0.25", "a", "1.5", "c", "inf"])
        #expect(try await client.execute("ZSCORE", "z", "b").double == -0.25)
        try await client.execute("SET", "u", UInt64.max)
        #expect(try await client.execute("GET", "u").string == "18446744073709551615")
    }
}
