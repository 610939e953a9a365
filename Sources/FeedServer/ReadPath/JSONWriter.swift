import NIOCore

/// A minimal JSON writer for the page response (the one hot response body).
///
/// It appends to a plain byte array and hands over one `ByteBuffer` at the end: many small
/// `ByteBuffer` writes cost a capacity check and an exclusivity check each (measured: the page
/// response was 12 % of the server's CPU that way). Strings without characters to escape (ids,
/// reasons, cursors: the common case) are copied in one append.
struct JSONWriter {
    private var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    /// Appends JSON text as is.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends a non-negative integer.
    mutating func integer(_ value: UInt64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends a finite number (non-finite values, which JSON cannot carry, as 0).
    mutating func number(_ value: Float) {
        bytes.append(contentsOf: (value.isFinite ? value.description : "0").utf8)
    }

    /// Appends a quoted, escaped string.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        if value.utf8.contains(where: Self.needsEscape) {
            escaped(value)
        } else {
            bytes.append(contentsOf: value.utf8)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func escaped(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
    }
}
