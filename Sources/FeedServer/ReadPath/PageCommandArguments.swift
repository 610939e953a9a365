import FeedCore
import FeedStore

/// The exact `EVALSHA` arguments the server sends for one page read, for tools that call the page
/// script directly (`Ops/bench/read-path` feeds them to `redis-benchmark`), so no tool spells a key.
public enum PageCommandArguments {
    /// `EVALSHA <sha> 3 <keys…> <arguments…>` as strings.
    public static func arguments(
        user: UserID, after: PostID?, limit: Int, request: FeedCore.RequestID, now: Double, store: StoreConfiguration = .default
    ) -> [String] {
        let command = FeedPageScript(keys: FeedKeys(configuration: store))
            .command(user: user, after: after, limit: limit, request: request, now: now)
        var arguments: [String] = []
        var offset = 0
        for length in command.lengths {
            arguments.append(String(decoding: command.storage[offset..<(offset + length)], as: UTF8.self))
            offset += length
        }
        return arguments
    }
}
