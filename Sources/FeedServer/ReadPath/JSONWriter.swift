import NIOCore

/// A minimal JSON writer into a `ByteBuffer` for the page response (the one hot response body).
struct JSONWriter {
    private(set) var buffer: ByteBuffer

    init(capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Appends JSON text as is.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { _ = buffer.writeBytes($0) }
    }

    /// Appends a non-negative integer.
    mutating func integer(_ value: UInt64) {
        buffer.writeString(String(value))
    }

    /// Appends a finite number (non-finite values, which JSON cannot carry, as 0).
    mutating func number(_ value: Float) {
        buffer.writeString(value.isFinite ? "\(value)" : "0")
    }

    /// Appends a quoted, escaped string.
    mutating func string(_ value: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 0..<0x20:
                buffer.writeStaticString("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0xF)])
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
