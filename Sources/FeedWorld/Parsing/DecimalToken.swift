/// A number token scanned by the JSON number grammar, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
/// with its significand and decimal exponent, ready to be converted exactly.
///
/// Conversion takes Clinger's fast path (one correctly rounded multiplication or division) when
/// the significand and the power of ten are exact in the target type — always for the files the
/// generator writes — and falls back to the standard library's correctly rounded parser otherwise.
struct DecimalToken {
    /// Offset of the first byte (the sign or first digit).
    var start: Int
    /// Offset just past the last byte.
    var end: Int
    var isNegative = false
    /// The first (up to) 19 significant digits.
    var significand: UInt64 = 0
    /// The value is `significand × 10^exponent` (up to dropped digits).
    var exponent = 0
    /// Significant digits seen, including dropped ones.
    var significantDigits = 0
    /// Whether a non-zero digit was dropped (the fast path is then not exact).
    var isTruncated = false
    /// Whether the token has neither a fraction nor an exponent.
    var isInteger = true

    /// Scans a number at `start`; on failure returns the offset and what was expected.
    static func scan(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Result<DecimalToken, RowParseError> {
        let count = bytes.count
        var token = DecimalToken(start: start, end: start)
        var index = start
        if index < count, bytes[index] == UInt8(ascii: "-") {
            token.isNegative = true
            index += 1
        }
        guard index < count, isDigit(bytes[index]) else {
            return .failure(RowParseError(.malformed("expected a digit"), offset: index))
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < count, isDigit(bytes[index]) {
                return .failure(RowParseError(.malformed("leading zeros are not allowed in numbers"), offset: index))
            }
        } else {
            while index < count, isDigit(bytes[index]) {
                token.addIntegerDigit(bytes[index] &- 48)
                index += 1
            }
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            token.isInteger = false
            index += 1
            guard index < count, isDigit(bytes[index]) else {
                return .failure(RowParseError(.malformed("expected a digit after the decimal point"), offset: index))
            }
            while index < count, isDigit(bytes[index]) {
                token.addFractionDigit(bytes[index] &- 48)
                index += 1
            }
        }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            token.isInteger = false
            index += 1
            var exponentIsNegative = false
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentIsNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < count, isDigit(bytes[index]) else {
                return .failure(RowParseError(.malformed("expected a digit in the exponent"), offset: index))
            }
            var written = 0
            while index < count, isDigit(bytes[index]) {
                if written < 100_000 { written = written * 10 + Int(bytes[index] &- 48) }
                index += 1
            }
            token.exponent += exponentIsNegative ? -written : written
        }
        token.end = index
        return .success(token)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 48 < 10
    }

    @inline(__always)
    private mutating func addIntegerDigit(_ digit: UInt8) {
        if significantDigits < 19 {
            significand = significand &* 10 &+ UInt64(digit)
        } else {
            exponent += 1
            if digit != 0 { isTruncated = true }
        }
        significantDigits += 1
    }

    @inline(__always)
    private mutating func addFractionDigit(_ digit: UInt8) {
        if significantDigits == 0 && digit == 0 {
            exponent -= 1  // a leading zero after the point
            return
        }
        if significantDigits < 19 {
            significand = significand &* 10 &+ UInt64(digit)
            exponent -= 1
        } else if digit != 0 {
            isTruncated = true
        }
        significantDigits += 1
    }

    /// The token as an `Int64`, or why not.
    func int64Value(field: StaticString) -> Result<Int64, RowParseError> {
        guard isInteger else { return .failure(RowParseError(.notAnInteger(field: field.description), offset: start)) }
        guard significantDigits <= 19 else {
            return .failure(RowParseError(.integerOutOfRange(field: field.description), offset: start))
        }
        if isNegative {
            guard significand <= UInt64(Int64.max) + 1 else {
                return .failure(RowParseError(.integerOutOfRange(field: field.description), offset: start))
            }
            return .success(Int64(truncatingIfNeeded: 0 &- significand))
        }
        guard significand <= UInt64(Int64.max) else {
            return .failure(RowParseError(.integerOutOfRange(field: field.description), offset: start))
        }
        return .success(Int64(significand))
    }

    /// The nearest `Double`, which may be infinite for huge exponents.
    func doubleValue(in bytes: UnsafeRawBufferPointer) -> Double {
        if significand == 0 { return isNegative ? -0.0 : 0.0 }
        if !isTruncated, significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            let magnitude = Double(significand)
            let value = exponent < 0
                ? magnitude / DecimalToken.doublePowers[-exponent]
                : magnitude * DecimalToken.doublePowers[exponent]
            return isNegative ? -value : value
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// The nearest `Float`, which may be infinite for huge exponents.
    func floatValue(in bytes: UnsafeRawBufferPointer) -> Float {
        if significand == 0 { return isNegative ? -0.0 : 0.0 }
        if !isTruncated, significand <= 1 << 24, exponent >= -10, exponent <= 10 {
            let magnitude = Float(significand)
            let value = exponent < 0
                ? magnitude / DecimalToken.floatPowers[-exponent]
                : magnitude * DecimalToken.floatPowers[exponent]
            return isNegative ? -value : value
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return Float(text) ?? .nan
    }

    private static let doublePowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    private static let floatPowers: [Float] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]
}
