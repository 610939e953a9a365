import FeedCore
import FeedStore
import FeedWorker
import Foundation
import PrefeedRedis
import ServiceLifecycle
import Testing

@Suite("Model publish, hot reload and rollback", .timeLimit(.minutes(3)))
struct ModelPublishTests {
    /// The baseline's file under another version (same schema, so it loads).
    func modelFile(_ version: String) throws -> Data {
        var file = BaselineModel.file
        file.modelVersion = version
        return try file.encoded()
    }

    @Test func publishedModelIsPickedUpWithoutRestartAndImpressionsCarryItThenRollbackRestores() async throws {
        try await withQueue { _, client, queue in
            let now = Date().timeIntervalSince1970
            let readers = try await loadSmallWorld(client: client, now: now, readers: 12)
            let keys = FeedKeys()
            let store = ModelStore(client: client, keys: keys, logger: quietLogger)
            var configuration = WorkerConfiguration()
            configuration.batchSize = 8
            configuration.idleBlock = .milliseconds(20)
            configuration.modelPollInterval = .milliseconds(50)
            let models = ModelWatcher(logger: quietLogger, load: StoreModelSource.loader(store))
            let worker = Worker(
                queue: queue, regenerator: FeedStoreRegenerator(generator: FeedGenerator(client: client, keys: keys, logger: quietLogger)),
                models: models, configuration: configuration, logger: quietLogger)
            let pages = FeedPageScript(keys: keys)
            var request: UInt64 = 1

            /// Regenerates every reader's feed, reads one page each and returns the model versions
            /// recorded in the new impressions.
            func regenerateAndRead(expectDone done: Int) async throws -> Set<String> {
                _ = try await queue.enqueue(readers, priority: .interactive, reason: "test")
                try await waitUntil { worker.totals.done >= done }
                let before = try await client.execute("XREVRANGE", keys.impressions(for: readers[0]), "+", "-", "COUNT", 1)
                let start = before.array?.first?.array?.first?.string ?? "0-0"
                for reader in readers {
                    request += 1
                    let page = try await pages.read(
                        client: client, user: reader, after: nil, limit: 3, request: RequestID(request), now: Date().timeIntervalSince1970)
                    #expect(page.found && !page.items.isEmpty)
                }
                let entries = try await client.execute("XRANGE", keys.impressions(for: readers[0]), "(" + start, "+").array ?? []
                #expect(entries.count == readers.count)
                var versions = Set<String>()
                for entry in entries {
                    let fields = entry.array?.last?.array ?? []
                    for index in stride(from: 0, to: fields.count - 1, by: 2) where fields[index].string == "model" {
                        versions.insert(fields[index + 1].string ?? "")
                    }
                }
                return versions
            }

            let group = ServiceGroup(services: [worker], logger: quietLogger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                // Nothing published: the baseline ranks.
                try await waitUntil { models.current?.version == BaselineModel.version }
                #expect(try await regenerateAndRead(expectDone: 12) == [BaselineModel.version])

                // Publish v1 (checked against the schema); the running worker reloads it.
                let v1 = try ModelFileCheck.check(try modelFile("ignored"), version: "lr-v1")
                #expect(v1.version == "lr-v1")
                try await store.publish(version: v1.version, json: v1.json, at: now)
                try await waitUntil { models.current?.version == "lr-v1" }
                #expect(try await regenerateAndRead(expectDone: 24) == ["lr-v1"])

                // Publish v2, then roll back: v1 is current again and ranks the next feeds.
                let v2 = try ModelFileCheck.check(try modelFile("lr-v2"))
                try await store.publish(version: v2.version, json: v2.json, at: now + 1)
                try await waitUntil { models.current?.version == "lr-v2" }
                #expect(try await regenerateAndRead(expectDone: 36) == ["lr-v2"])
                let rolled = try await store.rollback()
                #expect(rolled.from == "lr-v2" && rolled.to == "lr-v1")
                try await waitUntil { models.current?.version == "lr-v1" }
                #expect(try await regenerateAndRead(expectDone: 48) == ["lr-v1"])

                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }

            // The list shows both versions with their publish times, v1 current.
            let listed = try await store.list()
            #expect(listed.map(\.version) == ["lr-v2", "lr-v1"])
            #expect(listed.map(\.isCurrent) == [false, true])
            #expect(abs(listed[0].publishedAt - (now + 1)) < 0.01 && abs(listed[1].publishedAt - now) < 0.01)
            #expect(listed.allSatisfy { $0.bytes > 1_000 })
            // Rolling back from the oldest version is refused; a named version works; an unknown one is refused.
            await #expect(throws: ModelStoreError.self) { try await store.rollback() }
            #expect(try await store.rollback(to: "lr-v2").to == "lr-v2")
            await #expect(throws: ModelStoreError.self) { try await store.rollback(to: "lr-v9") }
            #expect(try await store.currentVersion() == "lr-v2")
        }
    }

    @Test func aModelTrainedOnAnotherFeatureSchemaIsRejectedNamingTheMismatch() throws {
        var file = BaselineModel.file
        var names = FeatureSchema.current.names
        names[0] = "post_freshness_v2"
        names.swapAt(3, 4)
        file.featureSchema = LogisticModelFile.Schema(FeatureSchema(version: 1, names: names))
        let data = try file.encoded()
        do {
            _ = try ModelFileCheck.check(data)
            Issue.record("a model with another schema was accepted")
        } catch let error as ModelLoadError {
            #expect(error.code == .schemaMismatch)
            #expect(error.message.contains("post_freshness_v2"))
            #expect(error.mismatch?.missing == ["post_freshness"])
            #expect(error.mismatch?.extra == ["post_freshness_v2"])
        }
        // A malformed file and a bad version name are rejected too.
        #expect(throws: ModelLoadError.self) { try ModelFileCheck.check(Data("{}".utf8)) }
        #expect(throws: ModelStoreError.self) { try ModelFileCheck.check(try BaselineModel.file.encoded(), version: "a b") }
    }

    @Test func publishKeepsTheRegistryBoundedButNeverDropsTheCurrentVersion() async throws {
        try await withQueue { _, client, _ in
            var storeConfiguration = StoreConfiguration()
            storeConfiguration.maxModelVersions = 3
            let store = ModelStore(client: client, keys: FeedKeys(configuration: storeConfiguration), logger: quietLogger)
            let json = Array(try modelFile("x"))
            try await store.publish(version: "keep", json: json, at: 1)
            for index in 1...5 {
                try await store.publish(version: "v\(index)", json: json, at: Double(1 + index), makeCurrent: false)
            }
            // The newest 3 plus the current one, which is older than all of them.
            let listed = try await store.list()
            #expect(listed.map(\.version) == ["v5", "v4", "v3", "keep"])
            #expect(listed.last?.isCurrent == true)
            #expect(try await client.execute("EXISTS", FeedKeys().model(version: "v1"), FeedKeys().model(version: "v2")).int == 0)
        }
    }
}
