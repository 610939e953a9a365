import FeedCore
@testable import FeedStore
import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Snapshot encoding")
struct SnapshotEncodingTests {
    @Test func crc64MatchesRedis() {
        #expect(CRC64.jones(Array("123456789".utf8)) == 0xE9C6_D914_C4B8_D9CA)
    }

    @Test func payloadEqualsRedisDump() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let ids: [[UInt64]] = [
            [5, 300, 70_000, 123_456_789_012, 200],
            (0..<500).map { UInt64($0 * 7_919 + 1) },
            (0..<500).map { 900_000_000_000_000_000 + UInt64($0) },
            [UInt64.max, 0, 4096, 32_768, 8_388_608, 2_147_483_648],
        ]
        for (index, list) in ids.enumerated() {
            var arguments: [any RedisArgument] = ["zs\(index)"]
            for (position, id) in list.enumerated() {
                arguments.append(position)
                arguments.append(id)
            }
            try await client.execute(RedisCommand("ZADD", arguments: arguments))
            // Redis compresses larger listpacks with LZF in DUMP (0xC3 after the type byte); it
            // restores both forms, so only uncompressed dumps are compared byte for byte.
            let dump = try await client.execute("DUMP", "zs\(index)").bytes ?? []
            if dump.count > 1, dump[1] != 0xC3 {
                #expect(dump == SnapshotEncoding.dumpPayload(postIDs: list), "list \(index)")
            }
            try await client.execute("RESTORE", "rs\(index)", 0, SnapshotEncoding.dumpPayload(postIDs: list))
            let members = try await client.execute("ZRANGE", "rs\(index)", 0, -1, "WITHSCORES").array?.compactMap(\.string)
            let expected = list.enumerated().flatMap { [String($0.element), String($0.offset)] }
            #expect(members == expected)
            #expect(try await client.execute("OBJECT", "ENCODING", "rs\(index)").string == "listpack")
            let memory = try await client.execute("MEMORY", "USAGE", "rs\(index)").int
            let reference = try await client.execute("MEMORY", "USAGE", "zs\(index)").int
            #expect(memory == reference)
        }
    }
}
