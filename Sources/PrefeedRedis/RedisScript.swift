import Crypto

/// A Lua script, identified by its SHA-1, called with `EVALSHA`.
///
/// The client sends `EVALSHA` first; on a `NOSCRIPT` reply (after a restart, a failover or
/// `SCRIPT FLUSH`) it runs `SCRIPT LOAD` and retries once, transparently. Scripts that follow the
/// Redis Cluster rules (every key passed in `KEYS`, all in one slot) work unchanged on a cluster.
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// Lower-case hex SHA-1 of the source, as Redis computes it.
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        let digest = Insecure.SHA1.hash(data: Array(source.utf8))
        self.sha1 = digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The `EVALSHA sha numkeys key… arg…` command for this script.
    public func command(keys: [any RedisArgument], arguments: [any RedisArgument]) -> RedisCommand {
        var command = RedisCommand(capacity: 64 + 24 * (keys.count + arguments.count))
        command.append("EVALSHA")
        command.append(sha1)
        command.append(keys.count)
        for key in keys { command.append(key) }
        for argument in arguments { command.append(argument) }
        command.script = self
        return command
    }

    /// The `SCRIPT LOAD` command for this script.
    public var loadCommand: RedisCommand { RedisCommand("SCRIPT", "LOAD", source) }
}
