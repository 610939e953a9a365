import Foundation
import PrefeedRedis
import PrefeedTestSupport
import Synchronization
import Testing

/// The cluster client against a real local Redis Cluster of 3 masters and 3 replicas.
@Suite("Redis Cluster client on a real 3+3 cluster", .serialized)
struct ClusterTests {
    @Test func pipelinesAreSplitByNodeAndKeepTheirOrder() async throws {
        let cluster = try await RedisClusterProcess.start()
        defer { cluster.stop() }
        let client = cluster.client()
        defer { client.shutdown() }

        let keys = (0..<300).map { "k:{\($0)}" }
        let sets = await client.pipeline(keys.enumerated().map { RedisCommand("SET", $0.element, $0.offset) })
        for result in sets { #expect(try result.get() == .status("OK")) }
        let before = client.statistics.snapshot
        let gets = await client.pipeline(keys.map { RedisCommand("GET", $0) } + [RedisCommand("PING")])
        let spent = client.statistics.snapshot.since(before)
        for (index, result) in gets.dropLast().enumerated() { #expect(try result.get().int == Int64(index)) }
        #expect(try gets.last?.get() == .status("PONG"))
        // One round trip per master touched, not per command.
        #expect(spent.roundTrips == 3)
        #expect(spent.commands == 301)
        #expect(spent.redirections == 0)

        // Every master holds some of the keys.
        let sizes = try await client.broadcast(RedisCommand("DBSIZE"))
        #expect(sizes.count == 3)
        for (node, result) in sizes { #expect(try result.get().int ?? 0 > 50, "\(node)") }
        #expect(try sizes.reduce(0) { $0 + (try $1.result.get().int ?? 0) } == 300)
        let map = try #require(try await client.clusterSlotMap())
        #expect(map.coveredSlots == HashSlot.count)
        #expect(map.shards.allSatisfy { $0.replicas.count == 1 })
    }

    @Test func scriptsAndTransactionsRunOnTheSlotOfTheirKeys() async throws {
        let cluster = try await RedisClusterProcess.start()
        defer { cluster.stop() }
        let client = cluster.client()
        defer { client.shutdown() }

        let script = RedisScript("redis.call('INCRBY', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[2])")
        for user in 0..<30 {
            try await client.execute("SET", "{u:\(user)}:name", "user-\(user)")
            // The first call on each node gets NOSCRIPT and loads the script there.
            let reply = try await client.run(script, keys: ["{u:\(user)}:n", "{u:\(user)}:name"], arguments: [user])
            #expect(reply.string == "user-\(user)")
        }
        let replies = try await client.transaction([RedisCommand("INCR", "{u:7}:n"), RedisCommand("GET", "{u:7}:n")])
        #expect(replies == [.integer(8), .bulk(Array("8".utf8))])

        let before = client.statistics.snapshot
        await #expect {
            try await client.run(script, keys: ["{u:1}:n", "{u:2}:name"], arguments: [1])
        } throws: { ($0 as? RedisError)?.code == .crossSlot }
        await #expect {
            try await client.transaction([RedisCommand("INCR", "{u:1}:n"), RedisCommand("INCR", "{u:2}:n")])
        } throws: { ($0 as? RedisError)?.code == .crossSlot }
        // Refused before anything was sent.
        #expect(client.statistics.snapshot.since(before).commands == 0)

        // A transaction runs on a leased connection, which is not redirected: after its slot moved
        // the first one may fail with MOVED, and that teaches the client the new owner.
        try await cluster.moveSlot(HashSlot(key: "{u:7}"), askWindow: .zero)
        var outcomes: [String] = []
        for _ in 0..<2 {
            do {
                _ = try await client.transaction([RedisCommand("INCR", "{u:7}:n")])
                outcomes.append("ok")
            } catch let error as RedisError {
                outcomes.append(error.serverPrefix ?? "\(error.code)")
            }
        }
        #expect(outcomes == ["ok", "ok"] || outcomes == ["MOVED", "ok"], "\(outcomes)")
        #expect(try await client.execute("GET", "{u:7}:n").int == 8 + Int64(outcomes.filter { $0 == "ok" }.count))
    }

    @Test func reshardingWhileAWorkloadRunsLosesNothing() async throws {
        let cluster = try await RedisClusterProcess.start()
        defer { cluster.stop() }
        let client = cluster.client(maximumConnections: 4)
        defer { client.shutdown() }
        // Keys of three users in three different slots move; the workload writes all of them.
        let tags = ["{u:11}", "{u:12}", "{u:13}"]
        let slots = tags.map { HashSlot(key: $0) }
        let state = WorkloadState()

        let workload = Task {
            try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var appended = 0
                        var incremented = 0
                        while !state.stop.load(ordering: .relaxed) {
                            let tag = tags[(appended + worker) % tags.count]
                            let results = await client.pipeline([
                                RedisCommand("XADD", "\(tag):impressions", "*", "w", worker),
                                RedisCommand("INCR", "\(tag):count"),
                            ])
                            for result in results {
                                if case .failure(let error) = result { state.failures.withLock { $0.append("\(error)") } }
                            }
                            if case .success = results[0] { appended += 1 }
                            if case .success = results[1] { incremented += 1 }
                        }
                        return (appended, incremented)
                    }
                }
                var total = (0, 0)
                for try await part in group { total = (total.0 + part.0, total.1 + part.1) }
                return total
            }
        }

        // Move each slot to the next master and back, three rounds, while the workload runs.
        for round in 0..<3 {
            for slot in slots {
                try await cluster.moveSlot(slot, skip: round)
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        state.stop.store(true, ordering: .relaxed)
        let (appended, incremented) = try await workload.value

        #expect(state.failures.withLock { $0 } == [])
        #expect(appended > 100)
        var streamTotal = 0
        var countTotal = 0
        for tag in tags {
            streamTotal += Int(try await client.execute("XLEN", "\(tag):impressions").int ?? -1)
            countTotal += Int(try await client.execute("GET", "\(tag):count").int ?? -1)
        }
        #expect(streamTotal == appended)
        #expect(countTotal == incremented)
        #expect(client.statistics.snapshot.redirections > 0)
    }

    @Test func aKilledMasterIsReplacedAndTheClientRecoversByItself() async throws {
        let cluster = try await RedisClusterProcess.start(nodeTimeout: .milliseconds(1_000))
        defer { cluster.stop() }
        let client = cluster.client()
        defer { client.shutdown() }
        let key = "{u:99}:count"
        // WAIT (key-less) goes with the pipeline's keyed command: the replica has the write before
        // its master dies.
        let written = await client.pipeline([RedisCommand("SET", key, 0), RedisCommand("WAIT", 1, 1_000)])
        #expect(try written[1].get().int == 1)
        let map = try #require(try await client.clusterSlotMap())
        let slot = HashSlot(key: key)
        let master = try #require(map.master(of: slot))
        let replica = try #require(map.replicas(of: slot).first)

        try #require(cluster.node(at: master)).kill9()
        let killed = ContinuousClock.now
        var firstSuccess: ContinuousClock.Instant?
        var errors = 0
        while ContinuousClock.now - killed < .seconds(20) {
            do {
                try await client.execute("INCR", key)
                firstSuccess = ContinuousClock.now
                break
            } catch let error as RedisError {
                #expect(error.isConnectionError || error.serverPrefix == "CLUSTERDOWN", "\(error)")
                errors += 1
            }
        }
        let recovered = try #require(firstSuccess, "no command succeeded within 20 s of the master's death")
        #expect(recovered - killed < .seconds(15))
        #expect(try await client.execute("GET", key).int == 1)
        let after = try #require(try await client.clusterSlotMap())
        #expect(after.master(of: slot) == replica)
        print("cluster failover: first success \(recovered - killed) after kill -9 of \(master); \(errors) errors before; new master \(replica)")
    }
}

/// Shared between the workload tasks and the test.
private final class WorkloadState: Sendable {
    let stop = Atomic<Bool>(false)
    let failures = Mutex<[String]>([])
}
