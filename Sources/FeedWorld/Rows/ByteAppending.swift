/// Fast appends of ASCII text and numbers to a byte buffer, used by the row encoders.
extension Array where Element == UInt8 {
    /// Appends the bytes of a literal.
    @inline(__always)
    mutating func appendASCII(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends one ASCII character.
    @inline(__always)
    mutating func appendByte(_ character: Unicode.Scalar) {
        append(UInt8(ascii: character))
    }

    /// Appends the UTF-8 bytes of a string.
    @inline(__always)
    mutating func appendString(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends a decimal integer.
    mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        if magnitude < 10 {
            append(UInt8(truncatingIfNeeded: magnitude) &+ 48)
            return
        }
        var digitCount = 1
        var scale: UInt64 = 10
        while digitCount < 20, magnitude >= scale {
            digitCount += 1
            scale = scale &* 10
        }
        let first = count
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digitCount))
        var index = first + digitCount
        while magnitude > 0 {
            index -= 1
            self[index] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
            magnitude /= 10
        }
    }

    /// Appends the shortest decimal text that reads back as exactly `value`, or `null` when the
    /// value is not finite (which every parser then rejects).
    @inline(__always)
    mutating func appendNumber(_ value: Double) {
        if value.isFinite {
            appendString(value.description)
        } else {
            appendASCII("null")
        }
    }

    /// Appends the shortest decimal text that reads back as exactly `value` (as a `Float`), or
    /// `null` when the value is not finite.
    @inline(__always)
    mutating func appendNumber(_ value: Float) {
        if value.isFinite {
            appendString(value.description)
        } else {
            appendASCII("null")
        }
    }

    /// Appends a JSON string literal with the escapes JSON requires.
    mutating func appendJSONString(_ text: String) {
        append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): appendASCII("\\\"")
            case UInt8(ascii: "\\"): appendASCII("\\\\")
            case UInt8(ascii: "\n"): appendASCII("\\n")
            case UInt8(ascii: "\r"): appendASCII("\\r")
            case UInt8(ascii: "\t"): appendASCII("\\t")
            case 0..<0x20:
                appendASCII("\\u00")
                let hex: StaticString = "0123456789abcdef"
                append(hex.utf8Start[Int(byte >> 4)])
                append(hex.utf8Start[Int(byte & 15)])
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }
}
