import PrefeedRedis

/// Switches a user's feed to a new generation atomically: snapshot, page records and meta pointer in
/// one script call, all keys in the user's slot.
///
/// KEYS: meta, new snapshot, new page records (``PageRecordFormat``, already written by a `SET` just
/// before the call in the same pipeline; deleted here when the switch is refused).
/// ARGV: generation, snapshot key prefix, generated-at, model version, feed TTL, grace period,
/// (unused), schema hash, page-records key prefix,
/// the snapshot as a `DUMP` payload (``SnapshotEncoding``, created with `RESTORE`), the item count,
/// the legacy feature-log key prefix.
/// Meta keeps `pmodel`, the replaced generation's model. The replaced snapshot and its records get
/// the grace TTL; so does a replaced generation's feature log of the old layout (``FeedKeys/featureLog(_:_:)``)
/// unless the page script marked it served (it then keeps the attribution TTL it was given). Refuses (returns `{0, current}`) when the current generation is not older than the new one; returns
/// `{1, previous or ""}` on success. Keys of the replaced generation are built from the prefixes
/// (``FeedKeys/snapshotPrefix(_:)``): they share the user's hash tag, hence the slot.
enum SnapshotWriteScript {
    static let script = RedisScript(LuaScripts.snapshotWrite)
}
