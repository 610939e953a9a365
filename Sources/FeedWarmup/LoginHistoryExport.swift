import FeedCore
import FeedStore
import FeedWorker
import FeedWorld
import Foundation
import PrefeedRedis

/// Copies the login histories that the read path records in Redis into a `logins.jsonl` file,
/// the input of `prefeed warmup train --world DIR`: how a production login model is trained.
///
/// Walks every shard of the active-user index with `ZSCAN` and reads each page of users' histories
/// (`ZRANGE {u:<id>}:logins`) in one pipeline; the file is written to a temporary name and renamed
/// when complete, so a reader never sees half an export. Rows come in user order (the login log
/// sorts on reading). Users whose history expired are counted, not written.
public struct LoginHistoryExport: Sendable {
    /// The Redis client.
    public let client: RedisClient
    /// FeedStore's key names (login histories).
    public let feedKeys: FeedKeys
    /// The active-user index to walk.
    public let activity: ActivityIndex

    /// What one export wrote.
    public struct Summary: Sendable, Hashable {
        /// Users found in the active index.
        public var users = 0
        /// Users with at least one recorded session.
        public var usersWithLogins = 0
        /// Session starts written.
        public var logins = 0
    }

    /// A file-system failure of the export.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(client: RedisClient, feedKeys: FeedKeys, activity: ActivityIndex) {
        self.client = client
        self.feedKeys = feedKeys
        self.activity = activity
    }

    /// Writes `directory/logins.jsonl`; `progress` gets the users read so far.
    public func run(to directory: URL, pageSize: Int = 1_000, progress: @Sendable (Int) -> Void = { _ in }) async throws -> Summary {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent(LoadFile.logins.fileName(format: .jsonl))
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        // A file that cannot be created makes the FileHandle below throw, with the reason.
        _ = FileManager.default.createFile(atPath: temporary.path, contents: nil)
        let handle = try FileHandle(forWritingTo: temporary)
        var summary = Summary()
        do {
            for shard in 0..<activity.keys.activeShards {
                var cursor = "0"
                repeat {
                    let step = try await activity.scan(shard: shard, cursor: cursor, count: pageSize)
                    cursor = step.cursor
                    let users = step.users.map(\.0)
                    guard !users.isEmpty else { continue }
                    let histories = await client.pipeline(users.map { RedisCommand("ZRANGE", feedKeys.logins($0), 0, -1) })
                    var buffer: [UInt8] = []
                    for (user, history) in zip(users, histories) {
                        let times = try history.get().array?.compactMap(\.double) ?? []
                        summary.users += 1
                        if !times.isEmpty { summary.usersWithLogins += 1 }
                        for time in times.sorted() {
                            LoginRow(user: Int64(user.rawValue), at: time).appendJSONLine(to: &buffer)
                            summary.logins += 1
                        }
                    }
                    try handle.write(contentsOf: buffer)
                    progress(summary.users)
                } while cursor != "0"
            }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "could not rename the export to \(target.path): \(String(cString: strerror(errno)))")
        }
        return summary
    }
}
