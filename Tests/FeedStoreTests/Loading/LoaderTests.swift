import FeedCore
import FeedStore
import FeedWorld
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Synchronization
import Testing

@Suite("Loader")
struct LoaderTests {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedstore-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func badRowsAreReportedWithLineAndReasonWhileGoodRowsLoad() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        {"id":1,"created_at":1767225600,"platform":"ios"}
        {"id":2,"created_at":1767225600,"platform":"fax"}
        {"id":3,"created_at":1767225600,"platform":"web"}

        """.write(to: directory.appendingPathComponent("users.jsonl"), atomically: true, encoding: .utf8)
        try """
        {"follower":1,"followee":3,"created_at":1767225600}
        {"follower":-4,"followee":3,"created_at":1767225600}
        {"follower":3,"followee":3,"created_at":1767225600}
        """.write(to: directory.appendingPathComponent("follows.jsonl"), atomically: true, encoding: .utf8)
        try """
        {"id":10,"author":3,"created_at":1767225000,"media":"image","topics":[0.6,0.8]}
        {"id":11,"author":3,"created_at":1767225100,"media":"text","topics":[1,1]}
        not json
        """.write(to: directory.appendingPathComponent("posts.jsonl"), atomically: true, encoding: .utf8)
        try """
        user,post,action,at
        1,10,like,1767225500
        1,10,love,1767225501
        1,77,click,1767225502
        1,10,click
        """.write(to: directory.appendingPathComponent("actions.csv"), atomically: true, encoding: .utf8)

        let lines = Mutex<[String]>([])
        let summary = try await FeedLoader(client: client, logger: Logger(label: "test"))
            .load(directory: directory, format: .jsonl, progress: { progress in lines.withLock { $0.append(progress.line) } })
        let issues = summary.issues.map(\.description)
        #expect(issues.contains("users.jsonl:2: field \"platform\": unknown value \"fax\" (expected one of ios, android, web)"))
        #expect(issues.contains { $0.hasPrefix("follows.jsonl:2: field \"follower\": id must not be negative") })
        #expect(issues.contains("follows.jsonl:3: a user cannot follow themselves"))
        #expect(issues.contains { $0.hasPrefix("posts.jsonl:2: field \"topics\": vector is not L2-normalized") })
        #expect(issues.contains { $0.hasPrefix("posts.jsonl:3: malformed line") })
        #expect(summary.files[.users]?.loaded == 2)
        #expect(summary.files[.users]?.rejected == 1)
        #expect(summary.files[.posts]?.loaded == 1)
        #expect(summary.missingFiles.contains(.actions), "actions are CSV and the format was forced to JSONL")
        #expect(lines.withLock { $0.count } >= 3)
        #expect(try await client.execute("HGET", FeedKeys().post(PostID(10)), "a").string == "3")
        #expect(try await client.execute("HGET", FeedKeys().authorStats(AuthorID(3)), "followers").int == 1)

        // CSV actions: one bad vocabulary, one unknown post, one missing cell.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("users.jsonl"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("follows.jsonl"))
        let postsCSV = "id,author,created_at,media,topics\n10,3,1767225000,image,0.6;0.8\n"
        try postsCSV.write(to: directory.appendingPathComponent("posts.csv"), atomically: true, encoding: .utf8)
        let csv = try await FeedLoader(client: client, logger: Logger(label: "test")).load(directory: directory, format: .csv)
        let csvIssues = csv.issues.map(\.description)
        #expect(csv.files[.actions]?.loaded == 1)
        #expect(csv.files[.actions]?.rejected == 3)
        #expect(csvIssues.contains { $0.hasPrefix("actions.csv:3: field \"action\": unknown value \"love\"") })
        #expect(csvIssues.contains("actions.csv:4: unknown post 77 (not in the posts file of this load)"))
        #expect(csvIssues.contains { $0.hasPrefix("actions.csv:5:") })
        #expect(csv.rejectedRows == 3)
    }

    @Test(arguments: [LoadFileFormat.jsonl, .csv])
    func reloadingTheSameFilesChangesNothing(format: LoadFileFormat) async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let world = try generateWorld(config: WorldConfig(seed: 9, users: 300, posts: 3_000, days: 7), into: directory, format: format)
        let loader = FeedLoader(client: client, logger: Logger(label: "test"), batchSize: 500)

        let first = try await loader.load(directory: directory)
        #expect(first.rejectedRows == 0)
        #expect(first.files[.actions]?.loaded == world.manifest.counts.actions)
        #expect(first.files[.posts]?.loaded == 3_000)
        // Each load bumps the timeline version (`tv`) of every author it wrote posts for, so the
        // generators' timeline caches re-read them; that field aside, nothing changes.
        let authors = try await timelineVersions(client)
        #expect(!authors.isEmpty && authors.values.allSatisfy { $0 >= 1 })
        let before = try await dump(client)
        let second = try await loader.load(directory: directory)
        let bumped = try await timelineVersions(client)
        #expect(Set(bumped.keys) == Set(authors.keys) && bumped.values.allSatisfy { $0 == 1 }, "every loaded author's version bumped once")
        let after = try await dump(client)
        #expect(second.loadedRows == first.loadedRows)
        #expect(before.count == after.count, "DBSIZE changed")
        #expect(before.count > 1_000)
        var changed: [String] = []
        for (key, value) in before where after[key] != value { changed.append(key) }
        #expect(changed.isEmpty, "changed keys: \(changed.prefix(10))")
    }

    /// The `tv` field of every author stats hash, removed (so `dump` compares the data alone).
    func timelineVersions(_ client: RedisClient) async throws -> [String: Int64] {
        var versions: [String: Int64] = [:]
        for key in try await client.execute("KEYS", "{a:*}:stats").array ?? [] {
            guard let name = key.string, let version = try await client.execute("HGET", name, "tv").int else { continue }
            versions[name] = version
            try await client.execute("HDEL", name, "tv")
        }
        return versions
    }

    /// Every key's serialized value.
    func dump(_ client: RedisClient) async throws -> [String: [UInt8]] {
        var values: [String: [UInt8]] = [:]
        var cursor = "0"
        repeat {
            let reply = try await client.execute("SCAN", cursor, "COUNT", 1000).array ?? []
            cursor = reply[0].string ?? "0"
            let names = (reply[1].array ?? []).compactMap(\.string)
            let dumps = await client.pipeline(names.map { RedisCommand("DUMP", $0) })
            for (name, result) in zip(names, dumps) { values[name] = try result.get().bytes ?? [] }
        } while cursor != "0"
        return values
    }
}
