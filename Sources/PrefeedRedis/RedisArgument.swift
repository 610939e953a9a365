/// A value that can be one argument of a Redis command, written as bytes.
///
/// Numbers are written in the decimal form Redis parses; strings as their UTF-8 bytes; byte arrays as is.
public protocol RedisArgument: Sendable {
    /// Appends this argument's bytes to `buffer`.
    func appendRedisBytes(to buffer: inout [UInt8])
}

extension String: RedisArgument {
    @inlinable
    public func appendRedisBytes(to buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Substring: RedisArgument {
    @inlinable
    public func appendRedisBytes(to buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Array: RedisArgument where Element == UInt8 {
    @inlinable
    public func appendRedisBytes(to buffer: inout [UInt8]) { buffer.append(contentsOf: self) }
}

extension ArraySlice: RedisArgument where Element == UInt8 {
    @inlinable
    public func appendRedisBytes(to buffer: inout [UInt8]) { buffer.append(contentsOf: self) }
}

extension Int: RedisArgument {
    @inlinable
    public func appendRedisBytes(to buffer: inout [UInt8]) { Int64(self).appendRedisBytes(to: &buffer) }
}

extension Int64: RedisArgument {
    /// Decimal digits without going through `String`.
    @inlinable
    public func appendRedisBytes(to buffer: inout [UInt8]) {
        if self == 0 { buffer.append(UInt8(ascii: "0")); return }
        var magnitude = self.magnitude
        if self < 0 { buffer.append(UInt8(ascii: "-")) }
        let start = buffer.count
        while magnitude > 0 {
            buffer.append(UInt8(ascii: "0") &+ UInt8(magnitude % 10))
            magnitude /= 10
        }
        buffer[start...].reverse()
    }
}

extension UInt64: RedisArgument {
    @inlinable
    public func appendRedisBytes(to buffer: inout [UInt8]) {
        if self == 0 { buffer.append(UInt8(ascii: "0")); return }
        var value = self
        let start = buffer.count
        while value > 0 {
            buffer.append(UInt8(ascii: "0") &+ UInt8(value % 10))
            value /= 10
        }
        buffer[start...].reverse()
    }
}

extension Double: RedisArgument {
    /// Shortest round-tripping decimal form; `inf`/`-inf` as Redis spells them.
    public func appendRedisBytes(to buffer: inout [UInt8]) {
        if self == .infinity { buffer.append(contentsOf: "+inf".utf8); return }
        if self == -.infinity { buffer.append(contentsOf: "-inf".utf8); return }
        buffer.append(contentsOf: description.utf8)
    }
}
