import FeedCore
import FeedServer
import FeedStore
import FeedWorker
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

/// Issue 9: every component runs unchanged against a cluster by configuration. The real `prefeed`
/// processes — load, worker, serve, join, impression counter, warm-up, scheduler — all given `--redis-cluster`, on a
/// local cluster of 3 masters and 3 replicas.
@Suite("Every prefeed command on Redis Cluster", .serialized, .timeLimit(.minutes(5)))
struct ClusterCommandsTests {
    @Test func loadWorkerServeJoinWarmupAndScheduleRunOnTheClusterByConfiguration() async throws {
        let prefeed = try PrefeedExecutable.locate()
        try prefeed.requireSubcommand("join")
        let cluster = try await RedisClusterProcess.start(maximumConnections: 8)
        defer { cluster.stop() }
        let client = cluster.client()
        defer { client.shutdown() }
        let keys = FeedKeys(configuration: .cluster())
        let work = cluster.nodes[0].directory
        let log = work.appendingPathComponent("commands.log")
        let seeds = ["--redis-cluster", cluster.seedList]
        func run(_ arguments: [String]) async throws -> Int32? {
            try await waitForExit(try prefeed.start(arguments, log: log), timeout: .seconds(120))
        }

        // Load a generated world.
        let world = work.appendingPathComponent("world").path
        #expect(try await run(["simulate", "generate", "--users", "300", "--posts", "3000", "--days", "3", "--out", world]) == 0)
        #expect(try await run(["load"] + seeds + ["--dir", world]) == 0, "see \(log.path)")
        let popular = await client.pipeline(keys.popularShards.map { RedisCommand("ZCARD", $0) })
        #expect(try popular.map { try $0.get().int ?? 0 }.allSatisfy { $0 > 0 }, "every popular shard holds posts")

        // Queue 100 users in 3 stream shards; a worker drains them.
        var queueConfiguration = JobQueueConfiguration()
        queueConfiguration.shards = 3
        let queue = JobQueue(client: client, configuration: queueConfiguration, logger: Logger(label: "test"))
        try await queue.createGroups()
        let users = (1...100).map { UserID(UInt64($0)) }
        _ = try await queue.enqueue(users, priority: .scheduled, reason: "test")
        // The worker, the server's inline generations and the join share one feature-log directory.
        let featureLog = ["--feature-log-dir", work.appendingPathComponent("feature-log").path]
        #expect(try await run(["worker"] + seeds + featureLog + ["--shards", "3", "--once", "--log-level", "warning"]) == 0, "see \(log.path)")
        let metas = await client.pipeline(users.map { RedisCommand("HGET", keys.feedMeta($0), "cur") })
        #expect(try metas.allSatisfy { try $0.get().int != nil }, "every queued user has a feed")

        // Serve, read two pages for 20 users, post an action each.
        let secret = JWTSecret(keyID: "k1", secret: Array("cluster-test-secret-0123456789abcdef".utf8))
        let secretFile = work.appendingPathComponent("jwt")
        try "k1:cluster-test-secret-0123456789abcdef\n".write(to: secretFile, atomically: true, encoding: .utf8)
        let port = try freeLoopbackPort()
        let server = try prefeed.start(
            ["serve"] + seeds + featureLog + ["--port", String(port), "--jwt-secret-file", secretFile.path, "--log-level", "warning"], log: log)
        defer { server.terminate() }
        let http = LoopbackHTTPClient(baseURL: "http://127.0.0.1:\(port)")
        var ready = false
        for _ in 0..<200 where !ready {
            ready = (try? await http.get("/readyz", token: "").status) == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(ready, "prefeed serve did not get ready; see \(log.path)")
        let signer = await TokenSigner(secret: secret)
        var itemsServed = 0
        var pages = 0
        for user in users.prefix(20) {
            let token = try await signer.token(for: user, scope: nil, now: Date().timeIntervalSince1970)
            var after = ""
            for _ in 0..<2 {
                let response = try await http.get("/v1/feed?limit=10" + after, token: token)
                #expect(response.status == 200)
                let body = try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:]
                let items = body["items"] as? [[String: Any]] ?? []
                #expect(body["source"] as? String == "cache")
                itemsServed += items.count
                if !items.isEmpty { pages += 1 }
                if let next = body["next"] as? [String: Any], let id = next["after"] as? Int { after = "&after=\(id)" }
                if let first = items.first?["id"] as? Int, let request = body["request_id"] as? String, after.count > 0, pages % 2 == 1 {
                    let action = #"{"actions": [{"client_event_id": "e-\#(user.rawValue)", "request_id": "\#(request)", "item_id": \#(first), "action": "like", "client_time": \#(Date().timeIntervalSince1970)}]}"#
                    let posted = try await http.post("/v1/actions", json: Data(action.utf8), token: token)
                    #expect(posted.status / 100 == 2, "POST /v1/actions: \(posted.status) \(String(decoding: posted.body, as: UTF8.self))")
                }
            }
        }
        #expect(pages == 40)
        // One impression record per page, in the per-slot shards.
        let lengths = await client.pipeline(keys.impressionShards.map { RedisCommand("XLEN", $0) })
        #expect(try lengths.reduce(0) { $0 + Int(try $1.get().int ?? 0) } == pages)

        // The join reads every shard: one row per impressed item once the window closed.
        try await Task.sleep(for: .milliseconds(1_200))
        let rows = work.appendingPathComponent("rows")
        #expect(try await run(["join"] + seeds + featureLog + ["--once", "--window", "1s", "--lag", "0s", "--out", rows.path]) == 0, "see \(log.path)")
        var rowCount = 0
        var liked = 0
        let enumerator = FileManager.default.enumerator(at: rows, includingPropertiesForKeys: nil)
        while let file = enumerator?.nextObject() as? URL {
            guard file.pathExtension == "jsonl" else { continue }
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                rowCount += 1
                if line.contains(#""like":1"#) { liked += 1 }
            }
        }
        #expect(rowCount == itemsServed)
        #expect(liked > 0)

        // The impression counter reads every shard too: one count per served item.
        #expect(try await run(["count-impressions"] + seeds + ["--once", "--log-level", "warning"]) == 0, "see \(log.path)")
        let counted = try String(contentsOf: log, encoding: .utf8)
        #expect(counted.contains("count-impressions: \(itemsServed) impressions from \(pages) page reads"), "see \(log.path)")

        // Warm-up and scheduler passes run on the cluster too.
        #expect(try await run(["warmup", "run"] + seeds + ["--once", "--unlimited", "--quiet", "--shards", "3"]) == 0, "see \(log.path)")
        #expect(try await run(["schedule"] + seeds + ["--once", "--shards", "3", "--log-level", "warning"]) == 0, "see \(log.path)")

        // After every command, no key on any node is left without a TTL or a trim bound (issue 22).
        var walked: [String] = []
        for node in cluster.nodes.prefix(cluster.masters) {
            let direct = cluster.direct(node)
            defer { direct.shutdown() }
            let walk = try await KeyBoundsWalk.walk(direct)
            walked += walk.all
            #expect(walk.unbounded.isEmpty, "keys without TTL or trim bound on :\(node.port): \(walk.unbounded.sorted().prefix(20))")
        }
        // The walk saw what the jobs wrote: job streams, activity index, feeds, streams.
        for kind in ["jobs:", "active:", "{u:1}:meta", "{u:1}:items:", "impressions:{", "actions:{"] {
            #expect(walked.contains { $0.hasPrefix(kind) }, "no \(kind) key was written; keys: \(walked.count)")
        }
        print("cluster commands: \(pages) pages, \(itemsServed) items, \(rowCount) joined rows (\(liked) liked) on \(cluster.seedList)")
    }
}
