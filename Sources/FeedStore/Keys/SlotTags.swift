import PrefeedRedis

/// A short hash tag for every cluster slot: `tag(for: s)` is a string whose CRC16 lands in slot `s`.
///
/// Lets a key that must live in a user's slot (the impressions shard the page script appends to)
/// carry a tag of its own while sharing the user's slot.
enum SlotTags {
    /// `tags[slot]`, found once by trying `i0`, `i1`, … (about 180 K CRCs, a few milliseconds).
    static let tags: [String] = {
        var tags = [String?](repeating: nil, count: HashSlot.count)
        var missing = HashSlot.count
        var n = 0
        while missing > 0 {
            let candidate = "i\(n)"
            let slot = Int(HashSlot.crc16(candidate.utf8) & 0x3FFF)
            if tags[slot] == nil {
                tags[slot] = candidate
                missing -= 1
            }
            n += 1
        }
        return tags.map { $0! }
    }()

    static func tag(for slot: Int) -> String { tags[slot] }
}
