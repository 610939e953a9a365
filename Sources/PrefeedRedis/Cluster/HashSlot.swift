/// The Redis Cluster hash slot of a key: CRC16-XMODEM of the key (or of its first non-empty
/// `{hash tag}`) modulo 16384.
///
/// The cluster client routes every command by it; FeedStore uses it to place each user's
/// impression-stream shard in the user's own slot, so the page script stays a single-slot script.
public struct HashSlot: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The number of slots of a Redis Cluster.
    public static let count = 16_384

    /// The slot, in `0..<16384`.
    public let value: Int

    /// The slot of `key`.
    public init(key: some Collection<UInt8>) {
        let bytes = Array(key)
        var hashed = bytes[...]
        if let open = bytes.firstIndex(of: UInt8(ascii: "{")),
            let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        {
            hashed = bytes[(open + 1)..<close]
        }
        value = Int(Self.crc16(hashed) & 0x3FFF)
    }

    /// The slot of `key` given as a string.
    public init(key: String) { self.init(key: Array(key.utf8)) }

    /// The slot of the key stored in `bytes[range]`, without copying it.
    init(bytes: [UInt8], range: Range<Int>) {
        var hashed = range
        if let open = bytes[range].firstIndex(of: UInt8(ascii: "{")),
            let close = bytes[(open + 1)..<range.upperBound].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        {
            hashed = (open + 1)..<close
        }
        value = Int(Self.crc16(bytes[hashed]) & 0x3FFF)
    }

    /// A slot by number (`0..<16384`).
    public init(_ value: Int) {
        precondition((0..<Self.count).contains(value), "hash slot \(value) out of range")
        self.value = value
    }

    public static func < (lhs: HashSlot, rhs: HashSlot) -> Bool { lhs.value < rhs.value }

    public var description: String { String(value) }

    /// CRC16-XMODEM (polynomial 0x1021, initial value 0), as Redis Cluster computes it; one table
    /// lookup per byte.
    public static func crc16(_ bytes: some Collection<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 {
            crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
