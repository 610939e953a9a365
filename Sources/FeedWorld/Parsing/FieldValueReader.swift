/// Reads one field's value in the typed way a row builder asks for; JSON and CSV each have one.
protocol FieldValueReader {
    /// A number with no fraction or exponent that fits in `Int64`.
    mutating func readInt64(field: StaticString) throws(RowParseError) -> Int64
    /// A finite number.
    mutating func readDouble(field: StaticString) throws(RowParseError) -> Double
    /// A string (unescaped).
    mutating func readString(field: StaticString) throws(RowParseError) -> String
    /// A list of finite numbers, each read as the nearest `Float`.
    mutating func readFloats(field: StaticString, capacity: Int) throws(RowParseError) -> [Float]
}

extension FieldValueReader {
    /// A non-negative integer id.
    mutating func readID(field: StaticString) throws(RowParseError) -> Int64 {
        let value = try readInt64(field: field)
        guard value >= 0 else { throw RowParseError(.negativeID(field: field.description, value: value)) }
        return value
    }

    /// A string from a closed vocabulary (`rawValue`s of `Value`).
    mutating func readEnum<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type, field: StaticString
    ) throws(RowParseError) -> Value where Value.RawValue == String {
        let text = try readString(field: field)
        guard let value = Value(rawValue: text) else {
            throw RowParseError(.unknownValue(
                field: field.description, value: text, allowed: Value.allCases.map(\.rawValue)))
        }
        return value
    }

    /// A topic vector, checked against the options' dimension and normalization.
    mutating func readTopics(field: StaticString, options: RowParseOptions) throws(RowParseError) -> [Float] {
        let topics = try readFloats(field: field, capacity: options.topicDimension ?? 16)
        if let dimension = options.topicDimension, topics.count != dimension {
            throw RowParseError(.wrongDimension(field: field.description, expected: dimension, found: topics.count))
        }
        if topics.isEmpty {
            throw RowParseError(.wrongType(field: field.description, expected: "a non-empty list of numbers"))
        }
        if let tolerance = options.normalizationTolerance {
            var sum: Float = 0
            for value in topics { sum += value * value }
            let norm = sum.squareRoot()
            guard abs(norm - 1) <= tolerance else {
                throw RowParseError(.notNormalized(field: field.description, norm: norm))
            }
        }
        return topics
    }
}
