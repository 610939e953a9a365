/// Builds a feed snapshot (a ZSET of post id → position) as a `DUMP` payload, so the switch script
/// creates it with one `RESTORE` instead of 500 `ZADD`s.
///
/// Redis inserts into a listpack ZSET in O(n) per member (a scan for the member, a scan for the
/// score), so `ZADD` of 500 members costs ~4 ms of server time; `RESTORE` of a ready listpack is a
/// copy (~10 µs). The payload is exactly what `DUMP` returns for the same ZSET on Redis 7.x:
/// type 17 (`RDB_TYPE_ZSET_LISTPACK`), the listpack as an RDB string, RDB version 10, CRC-64 (Jones).
/// Tests compare it byte for byte with a `DUMP` of a ZSET built by `ZADD`.
public enum SnapshotEncoding {
    static let rdbTypeZSetListpack: UInt8 = 17
    static let rdbVersion: UInt16 = 10

    /// The `DUMP` payload of the ZSET `{postIDs[i] → i}`.
    public static func dumpPayload(postIDs: [UInt64]) -> [UInt8] {
        var listpack: [UInt8] = [0, 0, 0, 0, 0, 0]
        listpack.reserveCapacity(6 + postIDs.count * 12 + 1)
        for (position, id) in postIDs.enumerated() {
            if id <= UInt64(Int64.max) {
                appendInteger(Int64(id), to: &listpack)
            } else {
                appendString(Array(String(id).utf8), to: &listpack)
            }
            appendInteger(Int64(position), to: &listpack)
        }
        listpack.append(0xFF)
        let total = UInt32(listpack.count)
        for index in 0..<4 { listpack[index] = UInt8(truncatingIfNeeded: total >> (8 * UInt32(index))) }
        let elements = postIDs.count * 2
        let count = elements < 65_535 ? UInt16(elements) : 65_535
        listpack[4] = UInt8(truncatingIfNeeded: count)
        listpack[5] = UInt8(truncatingIfNeeded: count >> 8)

        var payload: [UInt8] = [rdbTypeZSetListpack]
        payload.reserveCapacity(listpack.count + 24)
        appendLength(listpack.count, to: &payload)
        payload.append(contentsOf: listpack)
        payload.append(UInt8(truncatingIfNeeded: rdbVersion))
        payload.append(UInt8(truncatingIfNeeded: rdbVersion >> 8))
        let crc = CRC64.jones(payload)
        for index in 0..<8 { payload.append(UInt8(truncatingIfNeeded: crc >> (8 * UInt64(index)))) }
        return payload
    }

    /// One listpack integer entry and its back-length, in the smallest encoding Redis would choose.
    static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
        let start = buffer.count
        if value >= 0 && value <= 127 {
            buffer.append(UInt8(value))
        } else if value >= -4096 && value <= 4095 {
            let bits = UInt16(bitPattern: Int16(value)) & 0x1FFF
            buffer.append(UInt8(bits >> 8) | 0xC0)
            buffer.append(UInt8(bits & 0xFF))
        } else if value >= -32768 && value <= 32767 {
            buffer.append(0xF1)
            appendLittleEndian(UInt64(bitPattern: value), bytes: 2, to: &buffer)
        } else if value >= -8_388_608 && value <= 8_388_607 {
            buffer.append(0xF2)
            appendLittleEndian(UInt64(bitPattern: value), bytes: 3, to: &buffer)
        } else if value >= Int64(Int32.min) && value <= Int64(Int32.max) {
            buffer.append(0xF3)
            appendLittleEndian(UInt64(bitPattern: value), bytes: 4, to: &buffer)
        } else {
            buffer.append(0xF4)
            appendLittleEndian(UInt64(bitPattern: value), bytes: 8, to: &buffer)
        }
        appendBackLength(buffer.count - start, to: &buffer)
    }

    /// One listpack string entry (shorter than 64 bytes: a post id that does not fit an Int64).
    static func appendString(_ bytes: [UInt8], to buffer: inout [UInt8]) {
        precondition(bytes.count < 64, "snapshot members are short")
        let start = buffer.count
        buffer.append(0x80 | UInt8(bytes.count))
        buffer.append(contentsOf: bytes)
        appendBackLength(buffer.count - start, to: &buffer)
    }

    static func appendBackLength(_ length: Int, to buffer: inout [UInt8]) {
        if length <= 127 {
            buffer.append(UInt8(length))
        } else {
            buffer.append(UInt8(length >> 7))
            buffer.append(UInt8(length & 127) | 128)
        }
    }

    static func appendLittleEndian(_ value: UInt64, bytes: Int, to buffer: inout [UInt8]) {
        for index in 0..<bytes { buffer.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    /// An RDB length: 6-bit, 14-bit, or 32-bit big-endian.
    static func appendLength(_ length: Int, to buffer: inout [UInt8]) {
        if length < 64 {
            buffer.append(UInt8(length))
        } else if length < 16_384 {
            buffer.append(0x40 | UInt8(length >> 8))
            buffer.append(UInt8(length & 0xFF))
        } else {
            buffer.append(0x80)
            for shift in stride(from: 24, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: length >> shift)) }
        }
    }
}
