/// What a `prefeed join` run reads and when it stops.
public enum StreamJoinMode: Hashable, Sendable {
    /// The live join: every shard through the consumer group (`XREADGROUP … >`), resuming after the
    /// manifest's positions. `once`: drain what is there, close windows up to the watermark, commit
    /// and return; otherwise run until a graceful shutdown.
    case live(once: Bool)
    /// A backfill of the impressions served in `[from, to]` (Unix ms): impressions of that range and
    /// the actions of `[from, to + window]` read with `XRANGE` (the live group is not touched),
    /// resumable from its own manifest like the live join.
    case backfill(from: Int64, to: Int64)

    /// The mode's name in the manifest (`join.mode`): a directory is resumed only in the same mode.
    public var manifestName: String {
        switch self {
        case .live: return "live"
        case .backfill(let from, let to): return "backfill \(from)..\(to)"
        }
    }
}
