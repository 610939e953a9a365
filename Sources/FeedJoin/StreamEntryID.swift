/// A Redis stream entry id, `<milliseconds>-<sequence>`, ordered as Redis orders them.
public struct StreamEntryID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id before every entry (`0-0`).
    public static let zero = StreamEntryID(milliseconds: 0, sequence: 0)

    /// The Redis server time of the `XADD`, Unix milliseconds (for `*` ids).
    public var milliseconds: UInt64
    /// The entry's number within its millisecond.
    public var sequence: UInt64

    /// The id `milliseconds-sequence`.
    public init(milliseconds: UInt64, sequence: UInt64 = 0) {
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    /// Parses `ms-seq` (or a bare `ms`, sequence 0); `nil` otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let milliseconds = UInt64(parts[0]) else { return nil }
        var sequence: UInt64 = 0
        if parts.count == 2 {
            guard let parsed = UInt64(parts[1]) else { return nil }
            sequence = parsed
        }
        self.init(milliseconds: milliseconds, sequence: sequence)
    }

    /// `ms-seq`, as Redis spells it.
    public var description: String { "\(milliseconds)-\(sequence)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
    }
}
