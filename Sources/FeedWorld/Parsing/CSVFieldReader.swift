/// Reads the typed value of one CSV field (already unquoted). The whole field must be the value:
/// no surrounding spaces, no trailing characters. Topic lists are `;`-separated numbers.
struct CSVFieldReader: FieldValueReader {
    private let bytes: UnsafeRawBufferPointer
    /// Offset of the field within its line, for error offsets.
    private let base: Int

    init(bytes: UnsafeRawBufferPointer, base: Int) {
        self.bytes = bytes
        self.base = base
    }

    mutating func readInt64(field: StaticString) throws(RowParseError) -> Int64 {
        let token = try wholeNumber(field: field, expected: "an integer", range: 0..<bytes.count)
        return try token.int64Value(field: field).mapError { RowParseError($0.reason, offset: base) }.get()
    }

    mutating func readDouble(field: StaticString) throws(RowParseError) -> Double {
        let token = try wholeNumber(field: field, expected: "a number", range: 0..<bytes.count)
        let value = token.doubleValue(in: bytes)
        guard value.isFinite else { throw RowParseError(.nonFiniteNumber(field: field.description), offset: base) }
        return value
    }

    mutating func readString(field: StaticString) throws(RowParseError) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    mutating func readFloats(field: StaticString, capacity: Int) throws(RowParseError) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(capacity)
        guard !bytes.isEmpty else { return values }
        var start = 0
        while true {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
            let token = try wholeNumber(field: field, expected: "a ';'-separated list of numbers", range: start..<end)
            let value = token.floatValue(in: bytes)
            guard value.isFinite else { throw RowParseError(.nonFiniteNumber(field: field.description), offset: base + start) }
            values.append(value)
            if end == bytes.count { return values }
            start = end + 1
        }
    }

    /// Scans a number that must span exactly `range`.
    private func wholeNumber(field: StaticString, expected: String, range: Range<Int>) throws(RowParseError) -> DecimalToken {
        guard !range.isEmpty else {
            if range.count == bytes.count { throw RowParseError(.missingField(field.description), offset: base) }
            throw RowParseError(.wrongType(field: field.description, expected: "\(expected), found an empty item"), offset: base + range.lowerBound)
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        switch DecimalToken.scan(bytes, at: range.lowerBound) {
        case .success(let token) where token.end == range.upperBound:
            return token
        default:
            let text = String(decoding: slice, as: UTF8.self)
            let lowered = text.lowercased()
            if ["nan", "-nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"].contains(lowered) {
                throw RowParseError(.nonFiniteNumber(field: field.description), offset: base + range.lowerBound)
            }
            throw RowParseError(
                .wrongType(field: field.description, expected: "\(expected), found \"\(text)\""),
                offset: base + range.lowerBound)
        }
    }
}
