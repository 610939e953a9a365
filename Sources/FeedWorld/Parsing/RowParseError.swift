/// Why one line of a load file could not be read as a row.
///
/// The loader adds the file name and line number; ``description`` gives the reason in words,
/// e.g. `field "action": unknown value "li\"ke" (expected one of click, like, comment, share, hide, report)`.
public struct RowParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the line.
    public enum Reason: Sendable, Hashable {
        /// The line is empty or only whitespace.
        case emptyLine
        /// The line is not well-formed JSON or CSV; the detail says what was expected.
        case malformed(String)
        /// A required field is absent.
        case missingField(String)
        /// A field appears twice in one JSON object.
        case duplicateField(String)
        /// The CSV header lacks a required column.
        case missingColumn(String)
        /// A CSV record has a different number of columns than its header.
        case columnCount(expected: Int, found: Int)
        /// A field holds a value of the wrong kind (e.g. a string where a number belongs).
        case wrongType(field: String, expected: String)
        /// A number that must be an integer has a fraction or exponent.
        case notAnInteger(field: String)
        /// An integer does not fit in 64 bits.
        case integerOutOfRange(field: String)
        /// An id is negative.
        case negativeID(field: String, value: Int64)
        /// A number is infinite or NaN (or overflows to infinity).
        case nonFiniteNumber(field: String)
        /// A string field holds a value outside its vocabulary.
        case unknownValue(field: String, value: String, allowed: [String])
        /// A vector has the wrong number of components.
        case wrongDimension(field: String, expected: Int, found: Int)
        /// A vector that must be L2-normalized is not (its norm is given).
        case notNormalized(field: String, norm: Float)
    }

    /// What is wrong.
    public var reason: Reason
    /// The byte offset within the line where the problem was found, when known.
    public var offset: Int?

    /// Creates an error for `reason`, found at byte `offset` of the line if known.
    public init(_ reason: Reason, offset: Int? = nil) {
        self.reason = reason
        self.offset = offset
    }

    /// The reason in words, with the byte offset when known.
    public var description: String {
        let text: String
        switch reason {
        case .emptyLine:
            text = "empty line"
        case .malformed(let detail):
            text = "malformed line: \(detail)"
        case .missingField(let field):
            text = "missing field \"\(field)\""
        case .duplicateField(let field):
            text = "field \"\(field)\" appears twice"
        case .missingColumn(let column):
            text = "CSV header lacks column \"\(column)\""
        case .columnCount(let expected, let found):
            text = "expected \(expected) CSV columns, found \(found)"
        case .wrongType(let field, let expected):
            text = "field \"\(field)\": expected \(expected)"
        case .notAnInteger(let field):
            text = "field \"\(field)\": expected an integer, found a fraction or exponent"
        case .integerOutOfRange(let field):
            text = "field \"\(field)\": integer out of 64-bit range"
        case .negativeID(let field, let value):
            text = "field \"\(field)\": id must not be negative (found \(value))"
        case .nonFiniteNumber(let field):
            text = "field \"\(field)\": number is not finite"
        case .unknownValue(let field, let value, let allowed):
            text = "field \"\(field)\": unknown value \(RowParseError.quoted(value)) (expected one of \(allowed.joined(separator: ", ")))"
        case .wrongDimension(let field, let expected, let found):
            text = "field \"\(field)\": expected \(expected) components, found \(found)"
        case .notNormalized(let field, let norm):
            text = "field \"\(field)\": vector is not L2-normalized (norm \(norm))"
        }
        if let offset { return "\(text) at byte \(offset)" }
        return text
    }

    private static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.appendJSONString(value.count > 64 ? String(value.prefix(64)) + "…" : value)
        return String(decoding: bytes, as: UTF8.self)
    }
}
