/// One RESP2 reply, as typed data. Bulk strings are raw bytes: binary safe, never decoded implicitly.
public enum RedisReply: Sendable, Hashable {
    /// A simple status line, such as `OK` or `PONG`.
    case status(String)
    /// An error reply nested inside an array (e.g. one failed command inside `EXEC`).
    /// A top-level error reply is never a value: it is thrown (or returned as a failure) as ``RedisError``.
    case error(RedisError)
    /// A 64-bit integer.
    case integer(Int64)
    /// A bulk string: any bytes, including NUL and invalid UTF-8.
    case bulk([UInt8])
    /// The null bulk string or null array.
    case null
    /// An array of replies, possibly nested.
    case array([RedisReply])
}

extension RedisReply {
    /// The bytes of a bulk or status reply, `nil` for null.
    public var bytes: [UInt8]? {
        switch self {
        case .bulk(let b): return b
        case .status(let s): return Array(s.utf8)
        default: return nil
        }
    }

    /// The reply as a string (bulk decoded as UTF-8, with replacement of invalid sequences), `nil` for null.
    public var string: String? {
        switch self {
        case .bulk(let b): return String(decoding: b, as: UTF8.self)
        case .status(let s): return s
        case .integer(let i): return String(i)
        default: return nil
        }
    }

    /// The reply as an integer: integer replies, and bulk strings holding a decimal integer.
    public var int: Int64? {
        switch self {
        case .integer(let i): return i
        case .bulk(let b): return Int64(String(decoding: b, as: UTF8.self))
        default: return nil
        }
    }

    /// The reply as a double: bulk strings holding a number (as `ZSCORE` returns), and integers.
    public var double: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .bulk(let b): return Double(String(decoding: b, as: UTF8.self))
        default: return nil
        }
    }

    /// The elements of an array reply; `nil` for anything else (an empty array for null).
    public var array: [RedisReply]? {
        switch self {
        case .array(let a): return a
        case .null: return []
        default: return nil
        }
    }

    /// True for the null reply.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension RedisReply: CustomStringConvertible {
    /// A compact, redis-cli-like rendering: `OK`, `"text"`, `(integer) 5`, `(nil)`, `[a, b]`.
    /// Bulk strings that are not valid UTF-8 print as hex.
    public var description: String {
        switch self {
        case .status(let status): return status
        case .error(let error): return "(error) \(error.serverPrefix ?? "") \(error.message)"
        case .integer(let value): return "(integer) \(value)"
        case .null: return "(nil)"
        case .array(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .bulk(let bytes):
            if let text = String(validating: bytes, as: UTF8.self) { return "\"\(text)\"" }
            return "0x" + bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        }
    }
}
