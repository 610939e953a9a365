/// Where a command must go on a Redis Cluster: which of its arguments are keys, and their slot.
///
/// The key positions follow the Redis command table for the commands prefeed and its tools use;
/// any other command is assumed to take its key as the first argument (true of most Redis
/// commands). Multi-key commands whose keys hash to different slots are refused before sending,
/// with ``RedisError/Code/crossSlot``, as Redis Cluster itself would refuse them.
public enum CommandRouting: Sendable, Hashable {
    /// The command names no key (`PING`, `TIME`, `INFO`, `SCRIPT LOAD`…): any node can answer.
    case anyNode
    /// Every key of the command is in this slot.
    case slot(HashSlot)

    /// The route of `command`; throws ``RedisError/Code/crossSlot`` when its keys span slots.
    public init(_ command: RedisCommand) throws(RedisError) {
        let ranges = Self.keyRanges(of: command)
        guard let first = ranges.first else {
            self = .anyNode
            return
        }
        let storage = command.storage
        let slot = HashSlot(bytes: storage, range: first)
        for range in ranges.dropFirst() where HashSlot(bytes: storage, range: range) != slot {
            throw RedisError(
                code: .crossSlot,
                message: "\(command.name) names keys in different hash slots (\(slot) and \(HashSlot(bytes: storage, range: range))); on Redis Cluster a multi-key command must keep its keys in one slot (use one {hash tag})")
        }
        self = .slot(slot)
    }

    /// How a command lays out its keys.
    enum KeySpec {
        /// No key.
        case none
        /// The argument at this index (1 = right after the name).
        case at(Int)
        /// Every argument from this index on.
        case allFrom(Int)
        /// Every argument from index 1 except the last (blocking pops: the last is the timeout).
        case allButLast
        /// Every other argument from index 1 (`MSET k v k v`).
        case pairs
        /// A count at `count`, then that many keys (`EVAL sha n k…`, `ZUNION n k…`); `destination`
        /// is a key before the count (`ZUNIONSTORE dest n k…`).
        case counted(count: Int, destination: Bool)
        /// The first half of the arguments after `STREAMS` (`XREAD`, `XREADGROUP`).
        case streams
        /// The arguments at index 1 and 2 (`RENAME`, `LMOVE`, `COPY`).
        case firstTwo
    }

    static let specs: [String: KeySpec] = {
        var specs: [String: KeySpec] = [:]
        for name in ["PING", "ECHO", "INFO", "TIME", "DBSIZE", "FLUSHDB", "FLUSHALL", "CONFIG", "CLIENT", "CLUSTER",
                     "COMMAND", "DEBUG", "SCAN", "KEYS", "SELECT", "AUTH", "HELLO", "MULTI", "EXEC", "DISCARD",
                     "ASKING", "READONLY", "READWRITE", "WAIT", "SLOWLOG", "LATENCY", "ROLE", "REPLICAOF",
                     "SAVE", "BGSAVE", "BGREWRITEAOF", "LASTSAVE", "SHUTDOWN", "SCRIPT", "FUNCTION", "RANDOMKEY",
                     "SWAPDB", "MONITOR", "ACL", "MODULE", "UNWATCH", "RESET", "QUIT", "FAILOVER"] {
            specs[name] = KeySpec.none
        }
        for name in ["DEL", "UNLINK", "EXISTS", "MGET", "TOUCH", "WATCH", "SINTER", "SUNION", "SDIFF", "PFCOUNT",
                     "PFMERGE", "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"] {
            specs[name] = .allFrom(1)
        }
        for name in ["BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX"] { specs[name] = .allButLast }
        for name in ["MSET", "MSETNX"] { specs[name] = .pairs }
        for name in ["EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO"] {
            specs[name] = .counted(count: 2, destination: false)
        }
        for name in ["ZUNION", "ZINTER", "ZDIFF", "ZINTERCARD", "SINTERCARD", "LMPOP", "ZMPOP"] {
            specs[name] = .counted(count: 1, destination: false)
        }
        for name in ["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"] { specs[name] = .counted(count: 2, destination: true) }
        for name in ["XREAD", "XREADGROUP"] { specs[name] = .streams }
        for name in ["RENAME", "RENAMENX", "SMOVE", "LMOVE", "BLMOVE", "RPOPLPUSH", "BRPOPLPUSH", "COPY",
                     "ZRANGESTORE"] {
            specs[name] = .firstTwo
        }
        // Container commands whose key follows a subcommand.
        for name in ["XGROUP", "XINFO", "OBJECT", "MEMORY"] { specs[name] = .at(2) }
        return specs
    }()

    /// The byte ranges, in `command.storage`, of the command's keys.
    static func keyRanges(of command: RedisCommand) -> [Range<Int>] {
        let lengths = command.lengths
        guard lengths.count > 1 else { return [] }
        var offsets = [Int](repeating: 0, count: lengths.count + 1)
        for (index, length) in lengths.enumerated() { offsets[index + 1] = offsets[index] + length }
        func range(_ index: Int) -> Range<Int> { offsets[index]..<offsets[index + 1] }
        let count = lengths.count

        var spec = specs[command.name] ?? .at(1)
        if case .at(2) = spec {
            // `XINFO STREAM key`, `XGROUP CREATE key`, `OBJECT ENCODING key`, `MEMORY USAGE key`; the
            // key-less forms (`MEMORY STATS`, `XINFO HELP`…) route to any node.
            let sub = String(decoding: command.storage[range(1)], as: UTF8.self).uppercased()
            if ["HELP", "STATS", "DOCTOR", "MALLOC-STATS", "PURGE"].contains(sub) { spec = .none }
        }
        switch spec {
        case .none:
            return []
        case .at(let index):
            return index < count ? [range(index)] : []
        case .allFrom(let start):
            return start < count ? (start..<count).map(range) : []
        case .allButLast:
            return count > 2 ? (1..<(count - 1)).map(range) : []
        case .pairs:
            return stride(from: 1, to: count, by: 2).map(range)
        case .counted(let countIndex, let destination):
            guard countIndex < count,
                let n = Int(String(decoding: command.storage[range(countIndex)], as: UTF8.self)), n >= 0
            else { return [] }
            var keys = destination ? [range(1)] : []
            let end = min(count, countIndex + 1 + n)
            if countIndex + 1 < end { keys += (countIndex + 1..<end).map(range) }
            return keys
        case .streams:
            for index in 1..<count {
                let word = command.storage[range(index)]
                guard word.count == 7,
                    String(decoding: word, as: UTF8.self).uppercased() == "STREAMS"
                else { continue }
                let rest = count - index - 1
                guard rest >= 2 else { return [] }
                return (index + 1..<(index + 1 + rest / 2)).map(range)
            }
            return []
        case .firstTwo:
            return (1..<min(count, 3)).map(range)
        }
    }
}
