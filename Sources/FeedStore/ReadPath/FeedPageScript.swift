import FeedCore
import PrefeedRedis

/// Reads one page of a user's feed and records its impression, in one `EVALSHA`.
///
/// The script (all in one call, so a page is never served without its impression):
/// 1. reads the meta pointer; no current generation → a miss (`found == false`);
/// 2. with `after`: finds its position (`ZSCORE`) in the hinted generation (from a cursor), else the
///    current one, else the previous one (still in its grace period) and continues right after it
///    in that generation; when `after` is in none of them, restarts (`restarted == true`);
/// 3. without `after`, or on restart: the first items of the current generation that are neither in
///    the seen set nor in its queue;
/// 4. `XADD`s the impression (request id, user, generation, item ids, positions, time, model
///    version) to the user's impressions shard with `MAXLEN ~`, marks the items seen by appending
///    them to the seen queue (``SeenQueue``; queue and set TTLs refreshed, the queue folded into
///    the set here when it outgrows ``StoreConfiguration/seenQueueMaxBytes``) and marks the
///    generation served;
/// 5. returns the items and their positions as the two comma-separated lists it wrote into the
///    impression (two reply elements instead of two per item: less for Lua to build and for the
///    server to allocate) and their page records (``PageRecordFormat``: author, score, reason,
///    media): one `GETRANGE` of the page's 6-byte records, one of the author table up to the
///    largest index they name, the page's authors returned as one string of 8-byte ids.
///    A generation written by an earlier version has no page records: its 24-byte records are read
///    from its feature log instead (and the log's TTL extended to the attribution window, as then).
///
/// KEYS: meta, seen, impressions shard (``FeedKeys/impressions(for:)``), seen queue. Snapshot and
/// page-record keys are built inside from ``FeedKeys/snapshotPrefix(_:)`` and ``FeedKeys/pageRecordsPrefix(_:)``
/// plus the generation read from meta: they carry the same `{u:<id>}` tag, hence the same slot. With ``ImpressionSharding/perSlot`` every key the script touches is in the user's
/// slot, so it runs unchanged on Redis Cluster.
public struct FeedPageScript: Sendable {
    /// The key layout (impression sharding, bounds).
    public let keys: FeedKeys

    /// A page reader for the layout of `keys`.
    public init(keys: FeedKeys = FeedKeys()) {
        self.keys = keys
    }

    /// The script; load it at start-up with `client.load([FeedPageScript.script])`.
    public static let script = RedisScript(LuaScripts.feedPage)

    /// The `EVALSHA` command of one page read (for a caller's own pipeline).
    public func command(
        user: UserID, after: PostID?, limit: Int, request: RequestID, now: Double, generation: GenerationID? = nil
    ) -> RedisCommand {
        let config = keys.configuration
        return Self.script.command(
            keys: [keys.feedMeta(user), keys.seen(user), keys.impressions(for: user), keys.seenQueue(user)],
            arguments: [
                keys.snapshotPrefix(user), after.map { String($0.rawValue) } ?? "", max(1, limit), request.rawValue, now,
                user.rawValue, generation.map { String($0.rawValue) } ?? "", config.impressionsMaxLength,
                config.seenMaxItems, config.seenTTL, config.featureLogTTL, keys.pageRecordsPrefix(user),
                config.seenQueueMaxBytes, keys.featureLogPrefix(user),
            ])
    }

    /// Reads one page in one round trip.
    public func read(
        client: RedisClient, user: UserID, after: PostID?, limit: Int, request: RequestID, now: Double,
        generation: GenerationID? = nil
    ) async throws -> FeedPage {
        let reply = try await client.execute(
            command(user: user, after: after, limit: limit, request: request, now: now, generation: generation))
        return try Self.parse(reply)
    }

    /// Parses the script's reply.
    public static func parse(_ reply: RedisReply) throws -> FeedPage {
        guard let parts = reply.array, let status = parts.first?.int else {
            throw RedisError(code: .unexpectedReply, message: "page script returned \(reply)")
        }
        guard status == 1 else { return FeedPage.miss }
        // 8 elements: an empty page (end of feed); 11: a page with items.
        guard parts.count == 8 || parts.count == 11 else {
            throw RedisError(code: .unexpectedReply, message: "page script returned \(parts.count) elements")
        }
        guard let generation = parts[1].bytes.flatMap(UInt64.init(decimalBytes:)) else {
            throw RedisError(code: .unexpectedReply, message: "page script returned a malformed page")
        }
        var items: [FeedPage.Item] = []
        if parts.count == 11 {
            guard let posts = UInt64.commaSeparated(parts[8].bytes ?? []),
                let positions = UInt64.commaSeparated(parts[9].bytes ?? []), posts.count == positions.count
            else {
                throw RedisError(code: .unexpectedReply, message: "page script returned a malformed item list")
            }
            let firstPosition = Int(parts[6].int ?? 0)
            let details = parts[7].bytes ?? []
            items.reserveCapacity(posts.count)
            if let authors = parts[10].bytes {
                // Page records (``PageRecordFormat``): records of positions first…last, authors in page order.
                for (index, (post, rawPosition)) in zip(posts, positions).enumerated() {
                    let position = Int(clamping: rawPosition)
                    let record = PageRecordFormat.decodeRecord(
                        details, offset: PageRecordFormat.recordSize * (position - firstPosition),
                        authors: authors, authorOffset: 8 * index, post: PostID(post))
                    items.append(FeedPage.Item(post: PostID(post), position: position, record: record))
                }
            } else {
                // A generation of the old layout: 24-byte records of its feature log.
                let records = FeatureLogFormat.decodeItems(details)
                for (post, rawPosition) in zip(posts, positions) {
                    let position = Int(clamping: rawPosition)
                    let offset = position - firstPosition
                    let record = offset >= 0 && offset < records.count && records[offset].post.rawValue == post ? records[offset] : nil
                    items.append(FeedPage.Item(post: PostID(post), position: position, record: record))
                }
            }
        }
        return FeedPage(
            found: true, generation: GenerationID(generation), modelVersion: parts[2].string ?? "",
            restarted: parts[3].int == 1, impressionID: parts[4].string.flatMap { $0.isEmpty ? nil : $0 },
            generatedAt: parts[5].double, items: items)
    }
}
