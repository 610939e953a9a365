/// A strict scanner for one flat JSON object per line, much faster than `JSONDecoder`.
///
/// Known keys are read with the type their row builder asks for; unknown keys are skipped (any
/// JSON value). Strings may use every JSON escape, including `\uXXXX` surrogate pairs. The whole
/// line must be one object: anything after it, a duplicate key or bad syntax is an error.
struct JSONLineScanner: FieldValueReader {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses `line` as one object with the fields of `Builder`.
    static func parse<Builder: RowFieldBuilder>(
        _ line: UnsafeRawBufferPointer, as builderType: Builder.Type, options: RowParseOptions
    ) throws(RowParseError) -> Builder.Row {
        var scanner = JSONLineScanner(bytes: line)
        var builder = Builder()
        var seen: UInt64 = 0
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "{"), "'{' at the start of the object")
        scanner.skipWhitespace()
        if !scanner.consume(UInt8(ascii: "}")) {
            while true {
                scanner.skipWhitespace()
                let field = try scanner.readKey(Builder.fieldKeys)
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"), "':' after the key")
                scanner.skipWhitespace()
                if field >= 0 {
                    let bit: UInt64 = 1 << UInt64(field)
                    guard seen & bit == 0 else {
                        throw RowParseError(.duplicateField(Builder.fieldName(field)), offset: scanner.position)
                    }
                    seen |= bit
                    try builder.assign(field: field, from: &scanner, options: options)
                } else {
                    try scanner.skipValue(depth: 0)
                }
                scanner.skipWhitespace()
                if scanner.consume(UInt8(ascii: ",")) { continue }
                if scanner.consume(UInt8(ascii: "}")) { break }
                throw RowParseError(.malformed("expected ',' or '}'"), offset: scanner.position)
            }
        }
        scanner.skipWhitespace()
        guard scanner.position == line.count else {
            throw RowParseError(.malformed("unexpected characters after the object"), offset: scanner.position)
        }
        return try builder.build()
    }

    // MARK: FieldValueReader

    mutating func readInt64(field: StaticString) throws(RowParseError) -> Int64 {
        let token = try readNumberToken(field: field, expected: "an integer")
        return try token.int64Value(field: field).get()
    }

    mutating func readDouble(field: StaticString) throws(RowParseError) -> Double {
        let token = try readNumberToken(field: field, expected: "a number")
        let value = token.doubleValue(in: bytes)
        guard value.isFinite else { throw RowParseError(.nonFiniteNumber(field: field.description), offset: token.start) }
        return value
    }

    mutating func readString(field: StaticString) throws(RowParseError) -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw RowParseError(.wrongType(field: field.description, expected: "a string, found \(foundKind())"), offset: position)
        }
        return try readStringLiteral()
    }

    mutating func readFloats(field: StaticString, capacity: Int) throws(RowParseError) -> [Float] {
        guard consume(UInt8(ascii: "[")) else {
            throw RowParseError(.wrongType(field: field.description, expected: "a list of numbers, found \(foundKind())"), offset: position)
        }
        var values: [Float] = []
        values.reserveCapacity(capacity)
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return values }
        while true {
            skipWhitespace()
            let token = try readNumberToken(field: field, expected: "a list of numbers")
            let value = token.floatValue(in: bytes)
            guard value.isFinite else { throw RowParseError(.nonFiniteNumber(field: field.description), offset: token.start) }
            values.append(value)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return values }
            throw RowParseError(.malformed("expected ',' or ']' in the list \"\(field)\""), offset: position)
        }
    }

    // MARK: Tokens

    private mutating func readNumberToken(field: StaticString, expected: String) throws(RowParseError) -> DecimalToken {
        guard position < bytes.count else {
            throw RowParseError(.malformed("line ends where a value of \"\(field)\" belongs"), offset: position)
        }
        let first = bytes[position]
        guard first == UInt8(ascii: "-") || DecimalToken.isDigit(first) else {
            if first == UInt8(ascii: "N") || first == UInt8(ascii: "I") || (first == UInt8(ascii: "\"") && looksNonFiniteString()) {
                throw RowParseError(.nonFiniteNumber(field: field.description), offset: position)
            }
            throw RowParseError(.wrongType(field: field.description, expected: "\(expected), found \(foundKind())"), offset: position)
        }
        if first == UInt8(ascii: "-"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "I") {
            throw RowParseError(.nonFiniteNumber(field: field.description), offset: position)
        }
        let token = try DecimalToken.scan(bytes, at: position).get()
        position = token.end
        if position < bytes.count, isIdentifierByte(bytes[position]) {
            throw RowParseError(.wrongType(field: field.description, expected: "\(expected), found trailing characters"), offset: position)
        }
        return token
    }

    /// Reads a key and returns its index in `keys`, or -1 for a key to skip.
    private mutating func readKey(_ keys: [StaticString]) throws(RowParseError) -> Int {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw RowParseError(.malformed("expected a quoted key"), offset: position)
        }
        let start = position + 1
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return JSONLineScanner.match(UnsafeRawBufferPointer(rebasing: bytes[start..<index]), keys)
            }
            if byte == UInt8(ascii: "\\") {
                // Rare: an escaped key; decode it fully, then compare.
                let key = try readStringLiteral()
                return Array(key.utf8).withUnsafeBytes { JSONLineScanner.match($0, keys) }
            }
            index += 1
        }
        throw RowParseError(.malformed("unterminated key"), offset: start - 1)
    }

    private static func match(_ key: UnsafeRawBufferPointer, _ keys: [StaticString]) -> Int {
        for (index, candidate) in keys.enumerated() where candidate.utf8CodeUnitCount == key.count {
            if key.count == 0 || memoryEquals(candidate.utf8Start, key.baseAddress!, key.count) {
                return index
            }
        }
        return -1
    }

    @inline(__always)
    private static func memoryEquals(_ left: UnsafePointer<UInt8>, _ right: UnsafeRawPointer, _ count: Int) -> Bool {
        let right = right.assumingMemoryBound(to: UInt8.self)
        for offset in 0..<count where left[offset] != right[offset] { return false }
        return true
    }

    /// Reads a string literal at `position` (which holds the opening quote), decoding escapes.
    private mutating func readStringLiteral() throws(RowParseError) -> String {
        let start = position + 1
        var index = start
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw RowParseError(.malformed("control character in a string"), offset: index)
            }
            index += 1
        }
        var decoded = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return String(decoding: decoded, as: UTF8.self)
            }
            if byte < 0x20 {
                throw RowParseError(.malformed("control character in a string"), offset: index)
            }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { break }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4(at: index)
                index += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw RowParseError(.malformed("unpaired surrogate in \\u escape"), offset: index)
                    }
                    let low = try readHex4(at: index + 2)
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw RowParseError(.malformed("unpaired surrogate in \\u escape"), offset: index)
                    }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw RowParseError(.malformed("unpaired surrogate in \\u escape"), offset: index - 6)
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw RowParseError(.malformed("invalid \\u escape"), offset: index - 6)
                }
                decoded.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw RowParseError(.malformed("invalid escape '\\\(Character(Unicode.Scalar(escape)))'"), offset: index - 2)
            }
        }
        throw RowParseError(.malformed("unterminated string"), offset: start - 1)
    }

    private func readHex4(at index: Int) throws(RowParseError) -> UInt32 {
        guard index + 4 <= bytes.count else {
            throw RowParseError(.malformed("truncated \\u escape"), offset: index)
        }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw RowParseError(.malformed("invalid hex digit in \\u escape"), offset: index + offset)
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Skips any JSON value (for unknown keys).
    private mutating func skipValue(depth: Int) throws(RowParseError) {
        guard depth < 64 else { throw RowParseError(.malformed("nesting too deep"), offset: position) }
        guard position < bytes.count else { throw RowParseError(.malformed("expected a value"), offset: position) }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            _ = try readStringLiteral()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = bytes[position] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            position += 1
            skipWhitespace()
            if consume(close) { return }
            while true {
                skipWhitespace()
                if isObject {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                        throw RowParseError(.malformed("expected a quoted key"), offset: position)
                    }
                    _ = try readStringLiteral()
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"), "':' after the key")
                    skipWhitespace()
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if consume(UInt8(ascii: ",")) { continue }
                if consume(close) { return }
                throw RowParseError(.malformed("expected ',' or '\(Character(Unicode.Scalar(close)))'"), offset: position)
            }
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        default:
            let token = try DecimalToken.scan(bytes, at: position).get()
            position = token.end
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(RowParseError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count,
              JSONLineScanner.memoryEquals(literal.utf8Start, bytes.baseAddress! + position, count)
        else { throw RowParseError(.malformed("expected a value"), offset: position) }
        position += count
    }

    // MARK: Helpers

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(RowParseError) {
        guard consume(byte) else { throw RowParseError(.malformed("expected \(what)"), offset: position) }
    }

    private func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: ".")
    }

    /// Whether the string literal at `position` spells NaN or an infinity (a common way to smuggle
    /// a non-finite number into JSON).
    private func looksNonFiniteString() -> Bool {
        var end = position + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(position + 1)..<end]), as: UTF8.self).lowercased()
        return ["nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"].contains(text)
    }

    /// A word for the kind of value at `position`, for error messages.
    private func foundKind() -> String {
        guard position < bytes.count else { return "the end of the line" }
        switch bytes[position] {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "a list"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        default: return "'\(Character(Unicode.Scalar(bytes[position])))'"
        }
    }
}
