import FeedCore
import Foundation
import Logging
import PrefeedRedis

/// Regeneration jobs in Redis Streams: one stream per priority and shard, one consumer group.
///
/// A job's life: ``enqueue(_:priority:reason:)`` sets the user's pending marker (`SET NX`-like, with
/// a TTL) and, only if it was not set, `XADD`s the job → a worker's ``take(consumer:count:block:)``
/// delivers it (`XREADGROUP >`, interactive first) → ``complete(_:consumer:)`` clears the marker and
/// `XACK`s + `XDEL`s the entry in one script. A job whose worker died is claimed by another after
/// ``JobQueueConfiguration/reclaimIdle`` (``reclaim(consumer:count:)``, `XAUTOCLAIM`); one delivered
/// ``JobQueueConfiguration/maxAttempts`` times without success moves to a dead-letter stream with its
/// last error. Nothing else removes an entry, so no job is dropped silently.
///
/// Done entries are deleted, so each stream holds only unfinished jobs: at most one per queued user
/// and priority, plus rare duplicates once a marker expired (see docs/JOBS.md).
///
/// Every method throws ``RedisError`` on Redis failures; callers retry (see ``Worker``). All
/// methods are safe to call concurrently and to repeat after a failure.
public struct JobQueue: Sendable {
    /// The Redis client.
    public let client: RedisClient
    /// Names, bounds and retry rules.
    public let configuration: JobQueueConfiguration
    /// Key names.
    public let keys: JobKeys
    private let logger: Logger

    /// A queue on `client`; call ``createGroups()`` once at start-up (workers do).
    public init(client: RedisClient, configuration: JobQueueConfiguration = JobQueueConfiguration(), logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.keys = JobKeys(shards: configuration.shards)
        self.logger = logger
    }

    // MARK: Setup

    /// Creates every stream and the consumer group (idempotent) and loads the scripts.
    public func createGroups() async throws {
        let streams = keys.allStreams.map { keys.stream($0.priority, shard: $0.shard) }
        let commands = streams.map { RedisCommand("XGROUP", "CREATE", $0, configuration.group, "0", "MKSTREAM") }
        for result in await client.pipeline(commands) {
            if case .failure(let error) = result, error.serverPrefix != "BUSYGROUP" { throw error }
        }
        try await client.load(JobScripts.all)
    }

    // MARK: Producing

    /// Queues a regeneration of each of `users` at `priority`, once per user: a user already queued
    /// at this priority or a higher one is skipped. Two round trips for the whole batch.
    ///
    /// On a Redis failure it throws after removing the markers it set for jobs it could not add;
    /// calling it again is safe (users already queued are skipped).
    @discardableResult
    public func enqueue(_ users: [UserID], priority: JobPriority, reason: String = "") async throws -> [EnqueueOutcome] {
        guard !users.isEmpty else { return [] }
        let ttl = max(1, Int(configuration.markerTTL.components.seconds))
        let marks = await client.pipeline(users.map {
            JobScripts.mark.command(keys: [keys.marker($0)], arguments: [priority.rawValue, ttl])
        })
        var outcomes = [EnqueueOutcome](repeating: .alreadyQueued, count: users.count)
        var winners: [(index: Int, upgrade: Bool)] = []
        var firstError: RedisError?
        var unknown: [UserID] = []
        for (index, result) in marks.enumerated() {
            switch result {
            case .success(let reply):
                if reply.int == 1 { winners.append((index, false)) }
                if reply.int == 2 { winners.append((index, true)) }
            case .failure(let error):
                firstError = firstError ?? error
                unknown.append(users[index])
            }
        }
        if let firstError {
            // A failed call may still have set its marker (reply lost): remove those too. At worst a
            // user already queued gets a second job later; never a marker without a job.
            await unmark(winners.map { users[$0.index] } + unknown, priority: priority)
            throw firstError
        }
        guard !winners.isEmpty else { return outcomes }
        // The markers are set: add the jobs, retrying briefly (a connection of the pool may still be
        // reconnecting after an outage). A lost reply can make a retry add a duplicate job, which
        // costs one extra generation; a marker left without its job would block the user until its TTL.
        var remaining = winners
        for attempt in 0..<configuration.enqueueAttempts where !remaining.isEmpty {
            if attempt > 0 { try? await Task.sleep(for: retryBackoff.delay(attempt: attempt - 1)) }
            let adds = await client.pipeline(remaining.map { winner in
                let user = users[winner.index]
                return RedisCommand("XADD", keys.stream(priority, shard: keys.shard(of: user)), "*",
                                    "u", user.rawValue, "r", reason)
            })
            var failed: [(index: Int, upgrade: Bool)] = []
            for (winner, result) in zip(remaining, adds) {
                switch result {
                case .success(let reply):
                    if let id = reply.string {
                        outcomes[winner.index] = winner.upgrade ? .upgraded(id: id) : .queued(id: id)
                    } else {
                        failed.append(winner)
                        firstError = RedisError(code: .unexpectedReply, message: "XADD returned \(reply)")
                    }
                case .failure(let error):
                    failed.append(winner)
                    firstError = error
                }
            }
            remaining = failed
        }
        if let firstError, !remaining.isEmpty {
            await unmark(remaining.map { users[$0.index] }, priority: priority)
            throw firstError
        }
        return outcomes
    }

    /// Queues one user; see ``enqueue(_:priority:reason:)``.
    @discardableResult
    public func enqueue(_ user: UserID, priority: JobPriority, reason: String = "") async throws -> EnqueueOutcome {
        try await enqueue([user], priority: priority, reason: reason)[0]
    }

    /// Whether `user` has a pending marker (is queued or being regenerated).
    public func isQueued(_ user: UserID) async throws -> Bool {
        try await client.execute("EXISTS", keys.marker(user)).int == 1
    }

    // MARK: Consuming

    /// Delivers up to `count` new jobs to `consumer`, from the highest-priority stream that has any
    /// (shards in a random order). When every stream is empty and `block` is given, waits up to
    /// `block` on an interactive shard on a leased connection, so an interactive job starts at once
    /// while lower priorities are polled every `block`.
    ///
    /// Entries that are not valid jobs go straight to the dead letters.
    public func take(consumer: String, count: Int, block: Duration? = nil) async throws -> [Job] {
        let start = configuration.shards > 1 ? Int.random(in: 0..<configuration.shards) : 0
        for priority in JobPriority.allCases {
            for offset in 0..<configuration.shards {
                let shard = (start + offset) % configuration.shards
                let key = keys.stream(priority, shard: shard)
                let reply = try await readGroup(
                    RedisCommand("XREADGROUP", "GROUP", configuration.group, consumer, "COUNT", max(1, count),
                                 "STREAMS", key, ">"), timeout: nil, lease: nil)
                let jobs = try await parseDelivered(reply, priority: priority, shard: shard)
                if !jobs.isEmpty { return jobs }
            }
        }
        guard let block else { return [] }
        let milliseconds = max(1, block.milliseconds)
        let key = keys.stream(.interactive, shard: start)
        let reply = try await readGroup(
            RedisCommand("XREADGROUP", "GROUP", configuration.group, consumer, "COUNT", max(1, count),
                         "BLOCK", milliseconds, "STREAMS", key, ">"),
            timeout: block + client.configuration.commandTimeout, lease: key)
        return try await parseDelivered(reply, priority: .interactive, shard: start)
    }

    /// Claims jobs that another consumer received and left unacknowledged longer than
    /// ``JobQueueConfiguration/reclaimIdle`` (its worker died, stalled, or the job failed and
    /// waits for its retry), up to `count` per stream, highest priority first. Jobs delivered more
    /// than ``JobQueueConfiguration/maxAttempts`` times go to the dead letters instead.
    public func reclaim(consumer: String, count: Int) async throws -> [Job] {
        let idle = configuration.reclaimIdle.milliseconds
        let streams = keys.allStreams
        let claims = await client.pipeline(streams.map {
            RedisCommand("XAUTOCLAIM", keys.stream($0.priority, shard: $0.shard), configuration.group, consumer,
                         max(0, idle), "0-0", "COUNT", max(1, count))
        })
        var claimed: [Job] = []
        var malformed: [(priority: JobPriority, shard: Int, id: String)] = []
        for (stream, result) in zip(streams, claims) {
            let reply = try await recreatingGroupOnError(result)
            guard let parts = reply.array, parts.count >= 2, let entries = parts[1].array else {
                throw RedisError(code: .unexpectedReply, message: "XAUTOCLAIM returned \(reply)")
            }
            if parts.count >= 3, let deleted = parts[2].array, !deleted.isEmpty {
                logger.warning("jobs deleted while pending were dropped from the pending list by XAUTOCLAIM", metadata: [
                    "job.priority": "\(stream.priority)", "job.count": "\(deleted.count)"])
            }
            for entry in entries {
                switch Self.parseEntry(entry, priority: stream.priority, shard: stream.shard) {
                case .job(let job): claimed.append(job)
                case .malformed(let id): malformed.append((stream.priority, stream.shard, id))
                case .deleted: break
                }
            }
        }
        try await deadLetterMalformed(malformed)
        guard !claimed.isEmpty else { return [] }
        // XAUTOCLAIM does not return delivery counts: read them from the pending list, one round trip.
        let pendings = await client.pipeline(claimed.map {
            RedisCommand("XPENDING", keys.stream($0.priority, shard: $0.shard), configuration.group, $0.id, $0.id, 1)
        })
        var exhausted: [Job] = []
        var live: [Job] = []
        for (index, result) in pendings.enumerated() {
            var job = claimed[index]
            // No pending row: another worker acknowledged it meanwhile; nothing to do.
            guard let row = try result.get().array?.first?.array, row.count >= 4, let deliveries = row[3].int else { continue }
            job.deliveries = Int(deliveries)
            if job.deliveries > configuration.maxAttempts { exhausted.append(job) } else { live.append(job) }
        }
        if !exhausted.isEmpty {
            _ = try await deadLetter(exhausted.map { ($0, "") })
        }
        return live
    }

    /// Marks `jobs` done: clears each user's marker, then `XACK`s and `XDEL`s each entry in one
    /// script per stream. Returns how many were still pending (a job reclaimed and finished by
    /// another worker meanwhile is not counted twice). One round trip.
    @discardableResult
    public func complete(_ jobs: [Job], consumer: String) async throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        // Markers first: if the acknowledgement then fails, the job is redone (never lost) rather
        // than the user being unqueueable until the marker expires.
        var commands = unmarkCommands(jobs)
        let groups = Dictionary(grouping: jobs) { StreamRef(priority: $0.priority, shard: $0.shard) }
        let streams = groups.keys.sorted()
        for stream in streams {
            var arguments: [any RedisArgument] = [configuration.group, configuration.completionLogMaxLength, consumer]
            for job in groups[stream]! {
                arguments.append(job.id)
                arguments.append(job.user.rawValue)
            }
            commands.append(JobScripts.acknowledge.command(keys: [
                keys.stream(stream.priority, shard: stream.shard),
                keys.errors(stream.priority, shard: stream.shard),
                keys.completions(stream.priority, shard: stream.shard),
            ], arguments: arguments))
        }
        let results = await client.pipeline(commands)
        var acknowledged = 0
        for result in results.suffix(streams.count) {
            acknowledged += Int(try result.get().int ?? 0)
        }
        for result in results.prefix(results.count - streams.count) { _ = try result.get() }
        return acknowledged
    }

    /// Records a failed attempt of each job. A job delivered ``JobQueueConfiguration/maxAttempts``
    /// times moves to the dead letters now, with `error`; any other stays pending with `error`
    /// recorded, and is retried when ``reclaim(consumer:count:)`` claims it after
    /// ``JobQueueConfiguration/reclaimIdle``. Returns the number dead-lettered.
    @discardableResult
    public func fail(_ failures: [(job: Job, error: String)]) async throws -> Int {
        let exhausted = failures.filter { $0.job.deliveries >= configuration.maxAttempts }
        let retrying = failures.filter { $0.job.deliveries < configuration.maxAttempts }
        if !retrying.isEmpty {
            let ttl = max(1, Int(configuration.errorsTTL.components.seconds))
            var commands: [RedisCommand] = []
            for (job, error) in retrying {
                let key = keys.errors(job.priority, shard: job.shard)
                commands.append(RedisCommand("HSET", key, job.id, String(error.prefix(2_000))))
                commands.append(RedisCommand("EXPIRE", key, ttl))
            }
            for result in await client.pipeline(commands) { _ = try result.get() }
        }
        guard !exhausted.isEmpty else { return 0 }
        return try await deadLetter(exhausted.map { ($0.job, $0.error) })
    }

    /// Removes consumers that hold no pending job and were idle longer than `idle` (workers that
    /// stopped), so the group does not accumulate names. A live consumer removed by mistake is
    /// recreated by its next read. Returns the number removed.
    @discardableResult
    public func pruneConsumers(idleLongerThan idle: Duration) async throws -> Int {
        let idleMilliseconds = idle.milliseconds
        let streams = keys.allStreams.map { keys.stream($0.priority, shard: $0.shard) }
        let infos = await client.pipeline(streams.map { RedisCommand("XINFO", "CONSUMERS", $0, configuration.group) })
        var deletions: [RedisCommand] = []
        for (stream, result) in zip(streams, infos) {
            guard case .success(let reply) = result else { continue }
            for consumer in reply.array ?? [] {
                guard let flat = consumer.array else { continue }
                var fields: [String: RedisReply] = [:]
                var index = 0
                while index + 1 < flat.count {
                    if let name = flat[index].string { fields[name] = flat[index + 1] }
                    index += 2
                }
                guard let name = fields["name"]?.string, fields["pending"]?.int == 0,
                      let idleFor = fields["idle"]?.int, idleFor > idleMilliseconds else { continue }
                deletions.append(RedisCommand("XGROUP", "DELCONSUMER", stream, configuration.group, name))
            }
        }
        guard !deletions.isEmpty else { return 0 }
        var removed = 0
        for result in await client.pipeline(deletions) where (try? result.get()) != nil { removed += 1 }
        return removed
    }

    // MARK: Inspection

    /// Length, pending count and oldest age of each priority's streams, highest priority first.
    public func depth(now: Date = Date()) async throws -> [QueueDepth] {
        let streams = keys.allStreams
        var commands: [RedisCommand] = []
        for stream in streams {
            let key = keys.stream(stream.priority, shard: stream.shard)
            commands.append(RedisCommand("XLEN", key))
            commands.append(RedisCommand("XRANGE", key, "-", "+", "COUNT", 1))
            commands.append(RedisCommand("XPENDING", key, configuration.group))
        }
        let results = await client.pipeline(commands)
        let nowMilliseconds = Int64(now.timeIntervalSince1970 * 1000)
        var depths = JobPriority.allCases.map { QueueDepth(priority: $0, length: 0, pending: 0, oldestAge: 0) }
        for (index, stream) in streams.enumerated() {
            let length = try results[3 * index].get().int ?? 0
            let first = try results[3 * index + 1].get().array?.first?.array?.first?.string
            let pending: Int64
            switch results[3 * index + 2] {
            case .success(let reply): pending = reply.array?.first?.int ?? 0
            case .failure(let error) where error.serverPrefix == "NOGROUP": pending = 0
            case .failure(let error): throw error
            }
            var depth = depths[stream.priority.rawValue]
            depth.length += Int(length)
            depth.pending += Int(pending)
            if let first {
                let age = Double(max(0, nowMilliseconds - Job.milliseconds(ofEntryID: first))) / 1000
                depth.oldestAge = max(depth.oldestAge, age)
            }
            depths[stream.priority.rawValue] = depth
        }
        return depths
    }

    /// True when no stream holds a job (none waiting, in flight or waiting for a retry).
    public func isDrained() async throws -> Bool {
        try await depth().allSatisfy { $0.length == 0 }
    }

    /// The newest dead letters of every stream, up to `limit` per stream, highest priority first.
    public func deadLetters(limit: Int = 100) async throws -> [DeadLetter] {
        let streams = keys.allStreams
        let results = await client.pipeline(streams.map {
            RedisCommand("XREVRANGE", keys.deadLetters($0.priority, shard: $0.shard), "+", "-", "COUNT", max(1, limit))
        })
        var letters: [DeadLetter] = []
        for (stream, result) in zip(streams, results) {
            for entry in try result.get().array ?? [] {
                guard let (id, fields) = Self.fields(of: entry) else { continue }
                letters.append(DeadLetter(
                    entryID: id, jobID: fields["id"] ?? "", user: fields["u"].flatMap { UserID($0) },
                    priority: stream.priority, attempts: Int(fields["attempts"] ?? "") ?? 0,
                    error: fields["error"] ?? ""))
            }
        }
        return letters
    }

    /// Every entry of the completion logs (only written when
    /// ``JobQueueConfiguration/completionLogMaxLength`` > 0), oldest first per stream.
    public func completions() async throws -> [JobCompletion] {
        let streams = keys.allStreams
        let results = await client.pipeline(streams.map {
            RedisCommand("XRANGE", keys.completions($0.priority, shard: $0.shard), "-", "+")
        })
        var completions: [JobCompletion] = []
        for (stream, result) in zip(streams, results) {
            for entry in try result.get().array ?? [] {
                guard let (_, fields) = Self.fields(of: entry) else { continue }
                completions.append(JobCompletion(
                    jobID: fields["id"] ?? "", user: fields["u"].flatMap { UserID($0) },
                    consumer: fields["c"] ?? "", priority: stream.priority))
            }
        }
        return completions
    }

    // MARK: Internals

    /// A stream shard, ordered by priority then shard.
    private struct StreamRef: Hashable, Comparable {
        var priority: JobPriority
        var shard: Int
        static func < (lhs: StreamRef, rhs: StreamRef) -> Bool {
            (lhs.priority.rawValue, lhs.shard) < (rhs.priority.rawValue, rhs.shard)
        }
    }

    private func unmarkCommands(_ jobs: [Job]) -> [RedisCommand] {
        var seen = Set<UserID>()
        return jobs.compactMap { job in
            guard seen.insert(job.user).inserted else { return nil }
            return JobScripts.unmark.command(keys: [keys.marker(job.user)], arguments: [job.priority.rawValue])
        }
    }

    /// Best effort, retried briefly: removes markers of users whose job could not be added. A
    /// failure here leaves the marker to its TTL (logged).
    private func unmark(_ users: [UserID], priority: JobPriority) async {
        var remaining = users
        for attempt in 0..<configuration.enqueueAttempts where !remaining.isEmpty {
            if attempt > 0 { try? await Task.sleep(for: retryBackoff.delay(attempt: attempt - 1)) }
            let results = await client.pipeline(remaining.map { RedisCommand("DEL", keys.marker($0)) })
            remaining = zip(remaining, results).compactMap { user, result in
                if case .failure = result { return user }
                return nil
            }
        }
        if !remaining.isEmpty {
            logger.warning("could not remove pending markers after a failed enqueue; they expire by TTL",
                           metadata: ["job.count": "\(remaining.count)", "job.priority": "\(priority)"])
        }
    }

    /// Short retries inside one call (20 ms … 500 ms): longer outages are the caller's to retry.
    private var retryBackoff: Backoff { Backoff(base: .milliseconds(20), maximum: .milliseconds(500)) }

    /// Moves jobs to the dead letters (an empty error takes the last recorded one) and clears their
    /// markers so the users can be queued again. Returns the number moved.
    private func deadLetter(_ jobs: [(job: Job, error: String)]) async throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        let nowMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        var commands = unmarkCommands(jobs.map(\.job))
        let groups = Dictionary(grouping: jobs) { StreamRef(priority: $0.job.priority, shard: $0.job.shard) }
        let streams = groups.keys.sorted()
        for stream in streams {
            var arguments: [any RedisArgument] = [configuration.group, configuration.deadLetterMaxLength, nowMilliseconds]
            for (job, error) in groups[stream]! {
                arguments.append(job.id)
                arguments.append(job.user.rawValue)
                arguments.append(job.deliveries)
                arguments.append(String(error.prefix(2_000)))
            }
            commands.append(JobScripts.deadLetter.command(keys: [
                keys.stream(stream.priority, shard: stream.shard),
                keys.errors(stream.priority, shard: stream.shard),
                keys.deadLetters(stream.priority, shard: stream.shard),
            ], arguments: arguments))
        }
        let results = await client.pipeline(commands)
        var moved = 0
        for result in results.suffix(streams.count) { moved += Int(try result.get().int ?? 0) }
        for result in results.prefix(results.count - streams.count) { _ = try result.get() }
        for (job, error) in jobs {
            logger.error("job moved to the dead letters", metadata: [
                "feed.user_id": "\(job.user)", "job.id": "\(job.id)", "job.priority": "\(job.priority)",
                "job.attempts": "\(job.deliveries)", "error": "\(error.isEmpty ? "(last recorded error)" : error)"])
        }
        return moved
    }

    private func deadLetterMalformed(_ entries: [(priority: JobPriority, shard: Int, id: String)]) async throws {
        guard !entries.isEmpty else { return }
        _ = try await deadLetter(entries.map {
            (Job(id: $0.id, user: UserID(rawValue: 0), priority: $0.priority, shard: $0.shard,
                 enqueuedAtMilliseconds: Job.milliseconds(ofEntryID: $0.id), reason: "", deliveries: 1),
             "malformed job entry: no valid user id field `u`")
        })
    }

    /// Runs an `XREADGROUP`, creating the group again if Redis lost it (restart without
    /// persistence, `FLUSHALL`) and retrying once.
    /// With `lease` (the stream key), the command runs on a connection of its own to the node of that key.
    private func readGroup(_ command: RedisCommand, timeout: Duration?, lease: String?) async throws -> RedisReply {
        func send() async -> Result<RedisReply, RedisError> {
            if let lease {
                do {
                    return .success(try await client.withLeasedConnection(routingKey: lease) {
                        try await $0.execute(command, timeout: timeout)
                    })
                } catch {
                    return .failure((error as? RedisError) ?? RedisError(code: .connectionFailed, message: "\(error)"))
                }
            }
            return await client.pipeline([command], timeout: timeout)[0]
        }
        let first = await send()
        if case .failure(let error) = first, error.serverPrefix == "NOGROUP" {
            logger.warning("consumer group missing; creating it again", metadata: ["redis.error": "\(error)"])
            try await createGroups()
            return try await send().get()
        }
        return try first.get()
    }

    private func recreatingGroupOnError(_ result: Result<RedisReply, RedisError>) async throws -> RedisReply {
        if case .failure(let error) = result, error.serverPrefix == "NOGROUP" {
            try await createGroups()
            return .array([.bulk(Array("0-0".utf8)), .array([]), .array([])])
        }
        return try result.get()
    }

    private func parseDelivered(_ reply: RedisReply, priority: JobPriority, shard: Int) async throws -> [Job] {
        guard case .array(let streams) = reply else { return [] }
        var jobs: [Job] = []
        var malformed: [(priority: JobPriority, shard: Int, id: String)] = []
        for stream in streams {
            guard let parts = stream.array, parts.count == 2, let entries = parts[1].array else {
                throw RedisError(code: .unexpectedReply, message: "XREADGROUP returned \(reply)")
            }
            for entry in entries {
                switch Self.parseEntry(entry, priority: priority, shard: shard) {
                case .job(let job): jobs.append(job)
                case .malformed(let id): malformed.append((priority, shard, id))
                case .deleted: break
                }
            }
        }
        try await deadLetterMalformed(malformed)
        return jobs
    }

    private enum ParsedEntry {
        case job(Job)
        case malformed(String)
        case deleted
    }

    private static func parseEntry(_ entry: RedisReply, priority: JobPriority, shard: Int) -> ParsedEntry {
        guard let parts = entry.array, parts.count == 2, let id = parts[0].string else { return .deleted }
        if parts[1].isNull { return .deleted }
        guard let (_, fields) = fields(of: entry), let user = fields["u"].flatMap({ UserID($0) }) else {
            return .malformed(id)
        }
        return .job(Job(id: id, user: user, priority: priority, shard: shard,
                        enqueuedAtMilliseconds: Job.milliseconds(ofEntryID: id),
                        reason: fields["r"] ?? "", deliveries: 1))
    }

    /// An entry `[id, [field, value, …]]` as its id and a dictionary.
    private static func fields(of entry: RedisReply) -> (String, [String: String])? {
        guard let parts = entry.array, parts.count == 2, let id = parts[0].string, let flat = parts[1].array else { return nil }
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < flat.count {
            if let name = flat[index].string { fields[name] = flat[index + 1].string ?? "" }
            index += 2
        }
        return (id, fields)
    }
}
