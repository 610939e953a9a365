import FeedCore
import FeedStore
import FeedWarmup
import FeedWorker
import FeedWorld
import Foundation
import PrefeedTestSupport
import Testing
import Warmup

@Suite("Export of recorded login histories for training", .timeLimit(.minutes(2)))
struct LoginExportTests {
    @Test func everyActiveUsersRecordedSessionsAreExportedAndTrainable() async throws {
        try await withQueue { (client, _) async throws in
            let keys = FeedKeys()
            let writer = SourceDataWriter(client: client, keys: keys, logger: quietLogger)
            let activity = ActivityIndex(client: client, keys: JobKeys(activeShards: 3))
            let start = 1_800_000_000.0
            var expected: [LoginRow] = []
            // 250 users (several ZSCAN pages over 3 shards), user u with u % 5 + 1 daily sessions.
            for user in 1...250 {
                let id = UserID(UInt64(user))
                for day in 0..<(user % 5 + 1) {
                    let time = start + Double(day) * 86_400 + Double(user) * 60
                    #expect(try await writer.recordLogin(id, at: time))
                    expected.append(LoginRow(user: Int64(user), at: time))
                }
                try await activity.record([(id, start + 5 * 86_400)])
            }
            // An active user whose history expired is counted but writes nothing.
            try await activity.record([(UserID(999), start)])

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prefeed-logins-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: directory) }
            let summary = try await LoginHistoryExport(client: client, feedKeys: keys, activity: activity)
                .run(to: directory, pageSize: 40)
            #expect(summary.users == 251)
            #expect(summary.usersWithLogins == 250)
            #expect(summary.logins == expected.count)

            let file = directory.appendingPathComponent("logins.jsonl")
            let log = try LoginLog.parse(try Data(contentsOf: file), format: .jsonl)
            let sortedExpected = expected.sorted { $0.at != $1.at ? $0.at < $1.at : $0.user < $1.user }
            #expect(log.rows.map(\.user) == sortedExpected.map(\.user))
            #expect(log.rows.map(\.at) == sortedExpected.map(\.at))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["logins.jsonl"])

            // The export is what `prefeed warmup train --world DIR` reads.
            let prefeed = try PrefeedExecutable.locate()
            try prefeed.requireSubcommand("warmup")
            let model = directory.appendingPathComponent("model.json")
            let train = try prefeed.start(["warmup", "train", "--world", directory.path, "--out", model.path], log: nil)
            #expect(try await waitForExit(train, timeout: .seconds(60)) == 0)
            #expect(FileManager.default.fileExists(atPath: model.path))
        }
    }
}
