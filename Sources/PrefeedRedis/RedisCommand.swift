/// One command as a vector of binary-safe arguments: `["SET", key, value]`.
///
/// Arguments are stored back to back in one byte buffer with their lengths, so handing the vector to
/// hiredis (`redisAppendCommandArgv`) costs no per-argument allocation. Nothing is ever assembled by
/// string formatting: an argument may contain spaces, CR/LF, NUL or invalid UTF-8.
public struct RedisCommand: Sendable, Hashable, CustomStringConvertible {
    /// All argument bytes, concatenated.
    public private(set) var storage: [UInt8]
    /// The length of each argument in `storage`, in order.
    public private(set) var lengths: [Int]
    /// The script this command evaluates by SHA, so a `NOSCRIPT` reply can load it and retry.
    public var script: RedisScript?

    /// An empty command; add arguments with ``append(_:)``.
    public init(capacity: Int = 64) {
        storage = []
        storage.reserveCapacity(capacity)
        lengths = []
    }

    /// A command from its name and arguments: `RedisCommand("ZADD", key, 1.5, member)`.
    public init(_ name: String, _ arguments: any RedisArgument...) {
        self.init(name, arguments: arguments)
    }

    /// A command from its name and an argument list.
    public init(_ name: String, arguments: [any RedisArgument]) {
        self.init(capacity: 16 + arguments.count * 16)
        append(name)
        for argument in arguments { append(argument) }
    }

    /// Appends one argument.
    public mutating func append(_ argument: some RedisArgument) {
        let before = storage.count
        argument.appendRedisBytes(to: &storage)
        lengths.append(storage.count - before)
    }

    /// Appends one argument given as an existential.
    public mutating func append(_ argument: any RedisArgument) {
        let before = storage.count
        argument.appendRedisBytes(to: &storage)
        lengths.append(storage.count - before)
    }

    /// The number of arguments, the command name included.
    public var count: Int { lengths.count }

    /// The arguments, each as its own byte array (for inspection and tests; not used on the hot path).
    public var arguments: [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(lengths.count)
        var offset = 0
        for length in lengths {
            out.append(Array(storage[offset..<offset + length]))
            offset += length
        }
        return out
    }

    /// The command name, upper-cased.
    public var name: String {
        guard let first = lengths.first else { return "" }
        return String(decoding: storage[0..<first], as: UTF8.self).uppercased()
    }

    /// The command name only: argument values may be secrets (`AUTH`) or user data.
    public var description: String { "RedisCommand(\(name), \(count) args)" }

    public static func == (lhs: RedisCommand, rhs: RedisCommand) -> Bool {
        lhs.storage == rhs.storage && lhs.lengths == rhs.lengths
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
        hasher.combine(lengths)
    }
}
