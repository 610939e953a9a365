/// Key names of the tools around the feed data: the benchmark's `SCAN` pattern, the demo's own keys.
extension FeedKeys {
    /// `SCAN … MATCH` pattern of every per-user key (`{u:<id>}:…`).
    public static let userKeysPattern = "{u:*"

    /// A key of `prefeed demo`'s round-trip step, `demo:{<name>}` (its own hash tag).
    public static func demo(_ name: String) -> RedisKey { RedisKey("demo:{\(name)}") }
}
