import PrefeedRedis

/// A Redis key built by ``FeedKeys``: a typed wrapper so no raw key string is passed around.
///
/// Only ``FeedKeys`` (and this module) creates keys; other modules receive them from it.
public struct RedisKey: Hashable, Sendable, CustomStringConvertible, RedisArgument {
    /// The key's bytes as sent to Redis (ASCII).
    public let rawValue: String

    /// Wraps a key name. Prefer the ``FeedKeys`` builders.
    init(_ rawValue: String) { self.rawValue = rawValue }

    /// The cluster hash slot of the key.
    public var slot: HashSlot { HashSlot(key: rawValue) }

    public var description: String { rawValue }

    public func appendRedisBytes(to buffer: inout [UInt8]) { buffer.append(contentsOf: rawValue.utf8) }
}
