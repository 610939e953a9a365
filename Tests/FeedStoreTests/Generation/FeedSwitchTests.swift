import FeedCore
import FeedStore
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Synchronization
import Testing

@Suite("Atomic generation switch")
struct FeedSwitchTests {
    @Test func readerNeverSeesAMissingOrHalfWrittenSnapshot() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let world = TestWorld(client: client)
        for index in 0..<120 {
            let author = UInt64(10 + index % 12)
            try await world.post(UInt64(1000 + index), author: author, age: Double(index) * 600, media: MediaType(index: index % 4)!)
            if index < 12 { try await world.writer.follow(UserID(1), author: AuthorID(author), at: 0) }
        }
        let keys = FeedKeys()
        let generator = FeedGenerator(client: client, keys: keys, configuration: TestWorld.generatorConfiguration(), logger: Logger(label: "test"))
        let model = BaselineModel.valueModel()
        _ = try await generator.generate(users: [UserID(1)], model: model, modelVersion: "m", now: TestWorld.now)[0].get()

        let done = Atomic<Bool>(false)
        async let writes: Int = {
            var count = 0
            for round in 1...60 {
                let outcome = try await generator.generate(
                    users: [UserID(1)], model: model, modelVersion: "m\(round % 3)", now: TestWorld.now + Double(round))[0].get()
                if outcome.status == .written { count += 1 }
            }
            done.store(true, ordering: .relaxed)
            return count
        }()
        var reads = 0
        var failures: [String] = []
        let page = FeedPageScript(keys: keys)
        while !done.load(ordering: .relaxed) {
            let meta = try await client.execute("HMGET", keys.feedMeta(UserID(1)), "cur", "n").array ?? []
            guard let current = meta.first?.bytes.flatMap({ UInt64(String(decoding: $0, as: UTF8.self)) }),
                let count = meta[1].int
            else {
                failures.append("meta missing")
                continue
            }
            let size = try await client.execute("ZCARD", keys.snapshot(UserID(1), GenerationID(current))).int ?? -1
            if size != count { failures.append("generation \(current): snapshot has \(size) items, meta says \(count)") }
            let read = try await page.read(
                client: client, user: UserID(1), after: nil, limit: 5, request: RequestID(UInt64(reads)), now: TestWorld.now)
            if !read.found || read.items.isEmpty { failures.append("page read found no feed") }
            try await client.execute("DEL", keys.seen(UserID(1)), keys.seenQueue(UserID(1)))
            reads += 1
        }
        let written = try await writes
        #expect(written == 60)
        #expect(reads > 5)
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }
}
