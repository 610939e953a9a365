/// Where impressions are appended.
public enum ImpressionSharding: Sendable, Hashable {
    /// One stream, `impressions:{imp}` (single node only: the page script then writes keys of two slots).
    case single
    /// One stream per hash slot, `impressions:{<tag>}` whose tag hashes to the user's own slot, so
    /// the page script touches one slot only. Required on Redis Cluster; readers consume every shard.
    case perSlot
}
