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
///    the set here when it outgrows ``StoreConfiguration/seenQueueMaxBytes``), extends the
///    generation's feature log to the attribution window and marks the generation served;
/// 5. returns the items and their positions as the two comma-separated lists it wrote into the
///    impression (two reply elements instead of two per item: less for Lua to build and for the
///    server to allocate) and their records from the feature log (author, score, reason), read
///    with one `GETRANGE`.
///
/// KEYS: meta, seen, impressions shard (``FeedKeys/impressions(for:)``), seen queue. Snapshot and
/// feature-log keys are built inside from ``FeedKeys/snapshotPrefix(_:)`` and ``FeedKeys/featureLogPrefix(_:)``
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
    public static let script = RedisScript(SeenQueue.foldFunction + SeenQueue.queuedFunction + #"""
    local meta = redis.call('HMGET', KEYS[1], 'cur', 'prev', 'model', 'at', 'pmodel', 'served')
    local cur = meta[1]
    if not cur or cur == '' then return {0} end
    local limit = tonumber(ARGV[3])
    local gen, start = nil, nil
    local restarted = 0
    if ARGV[2] ~= '' then
      local gens = {}
      if ARGV[7] ~= '' then gens[#gens + 1] = ARGV[7] end
      gens[#gens + 1] = cur
      if meta[2] and meta[2] ~= '' then gens[#gens + 1] = meta[2] end
      for _, g in ipairs(gens) do
        local pos = redis.call('ZSCORE', ARGV[1] .. g, ARGV[2])
        if pos then
          gen = g
          start = tonumber(pos) + 1
          break
        end
      end
      if not gen then restarted = 1 end
    end
    local ids, positions = {}, {}
    if gen then
      local r = redis.call('ZRANGEBYSCORE', ARGV[1] .. gen, start, '+inf', 'WITHSCORES', 'LIMIT', 0, limit)
      for i = 1, #r, 2 do
        ids[#ids + 1] = r[i]
        positions[#positions + 1] = r[i + 1]
      end
    else
      gen = cur
      local snap = ARGV[1] .. gen
      local offset = 0
      local chunk = math.max(2 * limit, 50)
      local queued = queuedSeen(KEYS[4])
      while #ids < limit do
        local r = redis.call('ZRANGEBYSCORE', snap, offset, '+inf', 'WITHSCORES', 'LIMIT', 0, chunk)
        if #r == 0 then break end
        local page = {}
        for i = 1, #r, 2 do page[#page + 1] = r[i] end
        local seen = redis.call('ZMSCORE', KEYS[2], unpack(page))
        for i = 1, #page do
          if not seen[i] and not queued[page[i]] and #ids < limit then
            ids[#ids + 1] = page[i]
            positions[#positions + 1] = r[2 * i]
          end
        end
        offset = tonumber(r[#r]) + 1
      end
    end
    local model = meta[3] or ''
    if gen ~= cur then
      if meta[2] == gen then model = meta[5] or '' else model = '' end
    end
    if #ids == 0 then return {1, gen, model, restarted, '', meta[4] or '', 0, ''} end
    local now = ARGV[5]
    local idList, positionList = table.concat(ids, ','), table.concat(positions, ',')
    local entry = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[8], '*',
      'req', ARGV[4], 'user', ARGV[6], 'gen', gen, 'items', idList, 'pos', positionList, 't', now, 'model', model)
    if redis.call('APPEND', KEYS[4], idList .. ',') > tonumber(ARGV[13]) then
      foldSeen(KEYS[2], KEYS[4], now, tonumber(ARGV[9]), ARGV[10])
    else
      redis.call('EXPIRE', KEYS[4], ARGV[10])
      redis.call('EXPIRE', KEYS[2], ARGV[10])
    end
    local flog = ARGV[12] .. gen
    local attribution = tonumber(ARGV[11])
    local ttl = redis.call('TTL', flog)
    if ttl >= 0 and ttl < attribution - 3600 then redis.call('EXPIRE', flog, attribution) end
    if gen == cur and meta[6] ~= cur then redis.call('HSET', KEYS[1], 'served', cur) end
    local first = tonumber(positions[1])
    local last = tonumber(positions[#positions])
    local details = redis.call('GETRANGE', flog, 32 + 24 * first, 32 + 24 * (last + 1) - 1)
    return {1, gen, model, restarted, entry, meta[4] or '', first, details, idList, positionList}
    """#)

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
                config.seenMaxItems, config.seenTTL, config.featureLogTTL, keys.featureLogPrefix(user),
                config.seenQueueMaxBytes,
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
        // 8 elements: an empty page (end of feed); 10: a page with items.
        guard parts.count == 8 || parts.count == 10 else {
            throw RedisError(code: .unexpectedReply, message: "page script returned \(parts.count) elements")
        }
        guard let generation = parts[1].bytes.flatMap(UInt64.init(decimalBytes:)) else {
            throw RedisError(code: .unexpectedReply, message: "page script returned a malformed page")
        }
        var items: [FeedPage.Item] = []
        if parts.count == 10 {
            guard let posts = UInt64.commaSeparated(parts[8].bytes ?? []),
                let positions = UInt64.commaSeparated(parts[9].bytes ?? []), posts.count == positions.count
            else {
                throw RedisError(code: .unexpectedReply, message: "page script returned a malformed item list")
            }
            let firstPosition = Int(parts[6].int ?? 0)
            let records = FeatureLogFormat.decodeItems(parts[7].bytes ?? [])
            items.reserveCapacity(posts.count)
            for (post, rawPosition) in zip(posts, positions) {
                let position = Int(clamping: rawPosition)
                let offset = position - firstPosition
                let record = offset >= 0 && offset < records.count && records[offset].post.rawValue == post ? records[offset] : nil
                items.append(FeedPage.Item(post: PostID(post), position: position, record: record))
            }
        }
        return FeedPage(
            found: true, generation: GenerationID(generation), modelVersion: parts[2].string ?? "",
            restarted: parts[3].int == 1, impressionID: parts[4].string.flatMap { $0.isEmpty ? nil : $0 },
            generatedAt: parts[5].double, items: items)
    }
}
