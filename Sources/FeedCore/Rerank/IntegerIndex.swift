/// A small open-addressing map from 64-bit ids to dense Int32 slots, for one reranking call.
///
/// Much cheaper than `Dictionary` for integer keys (multiplicative hash, linear probing, no
/// per-key hashing seed), and deterministic.
struct IntegerIndex {
    private var keys: [UInt64]
    private var values: [Int32]
    private let mask: Int
    private let shift: UInt64
    private(set) var count = 0

    /// Room for `capacity` keys at most half full.
    init(capacity: Int) {
        var size = 16
        var bits: UInt64 = 4
        while size < 2 * capacity {
            size <<= 1
            bits += 1
        }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
        shift = 64 - bits
    }

    /// The value for `key`, inserting `value` when absent. Returns (stored value, inserted).
    @inline(__always)
    mutating func insert(_ key: UInt64, value: Int32) -> (value: Int32, inserted: Bool) {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let existing = values[slot]
            if existing < 0 {
                keys[slot] = key
                values[slot] = value
                count += 1
                return (value, true)
            }
            if keys[slot] == key { return (existing, false) }
            slot = (slot + 1) & mask
        }
    }
}
