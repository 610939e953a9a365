import FeedCore
import PrefeedRedis

/// Makes a hide take effect on the user's next page: removes the hidden author's unseen items from
/// the current and previous snapshots, in one `EVALSHA`.
///
/// Authors are read from the generations' page records (``PageRecordFormat``: the author table,
/// then the 6-byte records; the 24-byte records of the feature log for a generation of the old
/// layout); a matching
/// position is removed from the snapshot unless the user has already seen the item (so an `after`
/// pointing at a served item still resolves). Positions of the other items do not change, so open
/// scrolls continue without gaps. KEYS: meta, seen, seen queue (generation keys are built from the
/// user prefix).
public struct ReadPathHideScript: Sendable {
    public let keys: FeedKeys

    public init(keys: FeedKeys = FeedKeys()) {
        self.keys = keys
    }

    /// The script; load it at start-up.
    public static let script = RedisScript(LuaScripts.readPathHide)

    /// Removes `author`'s unseen items from `user`'s current and previous generations.
    /// - Returns: how many snapshot entries were removed.
    @discardableResult
    public func hide(client: RedisClient, user: UserID, author: AuthorID) async throws -> Int {
        Int(try await client.execute(command(user: user, author: author)).int ?? 0)
    }

    /// The `EVALSHA` of the script for `user` and `author` (for a pipeline); its reply is the
    /// number of snapshot entries removed.
    public func command(user: UserID, author: AuthorID) -> RedisCommand {
        var authorBytes: [UInt8] = []
        withUnsafeBytes(of: author.rawValue.littleEndian) { authorBytes.append(contentsOf: $0) }
        return Self.script.command(
            keys: [keys.feedMeta(user), keys.seen(user), keys.seenQueue(user)],
            arguments: [FeedKeys.userPrefix(user), authorBytes])
    }
}
