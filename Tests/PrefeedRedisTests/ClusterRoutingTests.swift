import PrefeedRedis
import Testing

@Suite("Cluster routing: slots, keys of commands, slot maps")
struct ClusterRoutingTests {
    @Test func hashSlotVectors() {
        #expect(HashSlot(key: "123456789").value == 12739)
        #expect(HashSlot(key: "foo").value == 12182)
        #expect(HashSlot(key: "{user1000}.following").value == 3443)
        #expect(HashSlot(key: "foo{}{bar}").value == 8363)
        #expect(HashSlot(key: "foo{{bar}}zap").value == 4015)
        #expect(HashSlot(key: "foo{bar}{zap}").value == 5061)
        // The table-driven CRC matches the bit-by-bit definition on every byte value.
        for byte in UInt8.min...UInt8.max {
            var crc: UInt16 = UInt16(byte) << 8
            for _ in 0..<8 { crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
            #expect(HashSlot.crc16([byte]) == crc)
        }
    }

    private func slot(_ command: RedisCommand) throws -> Int? {
        switch try CommandRouting(command) {
        case .anyNode: return nil
        case .slot(let slot): return slot.value
        }
    }

    @Test func keysAreFoundWhereEachCommandPutsThem() throws {
        let user = HashSlot(key: "{u:42}").value
        #expect(try slot(RedisCommand("GET", "{u:42}:meta")) == user)
        #expect(try slot(RedisCommand("ZRANGE", "{u:42}:snap:7", 0, 19)) == user)
        #expect(try slot(RedisCommand("PING")) == nil)
        #expect(try slot(RedisCommand("time")) == nil)
        #expect(try slot(RedisCommand("SCRIPT", "LOAD", "return 1")) == nil)
        // EVALSHA: numkeys, then keys; arguments after them do not count.
        #expect(try slot(RedisCommand("EVALSHA", "abc", 2, "{u:42}:meta", "{u:42}:seen", "other-arg")) == user)
        #expect(try slot(RedisCommand("EVALSHA", "abc", 0, "not-a-key")) == nil)
        // XREADGROUP: the first half after STREAMS.
        #expect(try slot(RedisCommand("XREADGROUP", "GROUP", "g", "c", "COUNT", 10, "STREAMS", "jobs:{scheduled:1}", ">"))
            == HashSlot(key: "{scheduled:1}").value)
        // Subcommand containers.
        #expect(try slot(RedisCommand("XGROUP", "CREATE", "jobs:{i:0}", "g", "$")) == HashSlot(key: "{i:0}").value)
        #expect(try slot(RedisCommand("MEMORY", "USAGE", "{u:42}:snap:7")) == user)
        #expect(try slot(RedisCommand("MEMORY", "STATS")) == nil)
        // Several keys of one slot are fine.
        #expect(try slot(RedisCommand("DEL", "{p:9}:post", "{p:9}:eng")) == HashSlot(key: "p:9").value)
    }

    @Test func multiKeyCommandsAcrossSlotsAreRefusedBeforeSending() {
        for command in [
            RedisCommand("MGET", "{u:1}:meta", "{u:2}:meta"),
            RedisCommand("EVALSHA", "abc", 2, "{u:1}:meta", "impressions:{imp}"),
            RedisCommand("XREADGROUP", "GROUP", "g", "c", "STREAMS", "a:{x}", "b:{y}", ">", ">"),
            RedisCommand("ZUNIONSTORE", "dest:{d}", 1, "src:{s}"),
        ] {
            #expect {
                try CommandRouting(command)
            } throws: { error in
                (error as? RedisError)?.code == .crossSlot && "\(error)".contains("hash slot")
            }
        }
    }

    @Test func slotMapFromClusterSlots() throws {
        let node = { (host: String, port: Int64) -> RedisReply in .array([.bulk(Array(host.utf8)), .integer(port), .bulk(Array("id".utf8))]) }
        let reply = RedisReply.array([
            .array([.integer(0), .integer(5460), node("10.0.0.1", 7000), node("10.0.0.4", 7003)]),
            .array([.integer(5461), .integer(10922), node("", 7001)]),
            .array([.integer(10923), .integer(16383), node("10.0.0.3", 7002), node("10.0.0.6", 7005)]),
        ])
        let map = try ClusterSlotMap(clusterSlots: reply, defaultHost: "seed.local")
        #expect(map.coveredSlots == 16_384)
        #expect(map.master(of: HashSlot(0)) == .tcp(host: "10.0.0.1", port: 7000))
        #expect(map.replicas(of: HashSlot(5460)) == [.tcp(host: "10.0.0.4", port: 7003)])
        #expect(map.master(of: HashSlot(5461)) == .tcp(host: "seed.local", port: 7001))
        #expect(map.master(of: HashSlot(16_383)) == .tcp(host: "10.0.0.3", port: 7002))
        var moved = map
        moved.assign(HashSlot(3), to: .tcp(host: "10.0.0.3", port: 7002))
        #expect(moved.master(of: HashSlot(3)) == .tcp(host: "10.0.0.3", port: 7002))
        #expect(moved.master(of: HashSlot(4)) == .tcp(host: "10.0.0.1", port: 7000))

        let partial = try ClusterSlotMap(clusterSlots: .array([.array([.integer(0), .integer(99), node("h", 1)])]), defaultHost: "x")
        #expect(partial.coveredSlots == 100)
        #expect(partial.master(of: HashSlot(100)) == nil)
        #expect(throws: RedisError.self) { try ClusterSlotMap(clusterSlots: .integer(1), defaultHost: "x") }
    }

    @Test func clusterSeedsParse() throws {
        let configuration = try RedisConfiguration(clusterSeeds: "127.0.0.1:7000, 127.0.0.1:7001,redis://:pw@127.0.0.1:7002")
        #expect(configuration.isCluster)
        #expect(configuration.clusterSeeds == [.tcp(host: "127.0.0.1", port: 7000), .tcp(host: "127.0.0.1", port: 7001), .tcp(host: "127.0.0.1", port: 7002)])
        #expect(configuration.password == "pw")
        #expect(!"\(configuration)".contains("pw"))
        #expect(throws: RedisError.self) { try RedisConfiguration(clusterSeeds: " , ") }
        #expect(throws: RedisError.self) { try RedisConfiguration(clusterSeeds: "127.0.0.1:7000/3") }
    }
}
