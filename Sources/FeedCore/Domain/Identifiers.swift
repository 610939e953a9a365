/// A typed 64-bit identifier: the shared behaviour of `UserID`, `PostID`, `AuthorID`,
/// `GenerationID` and `RequestID`.
///
/// Each ID is its own type so a post id can never be passed where a user id is expected.
/// IDs encode as a bare JSON number and print as their decimal value.
public protocol FeedIdentifier:
    Hashable, Comparable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible,
    ExpressibleByIntegerLiteral
{
    /// The raw 64-bit value.
    var rawValue: UInt64 { get }
    /// Wraps a raw 64-bit value.
    init(rawValue: UInt64)
}

extension FeedIdentifier {
    public init(_ rawValue: UInt64) { self.init(rawValue: rawValue) }

    public init(integerLiteral value: UInt64) { self.init(rawValue: value) }

    /// Parses a decimal string; `nil` when it is not a non-negative 64-bit integer.
    public init?(_ description: String) {
        guard let value = UInt64(description) else { return nil }
        self.init(rawValue: value)
    }

    public var description: String { String(rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(UInt64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// What `Dictionary` and `Set` hash ids with, instead of a whole `Hasher` (SipHash-1-3) run per
    /// lookup: the splitmix64 finalizer of the id mixed with the per-process seed, so the bucket
    /// order still differs between runs and cannot be predicted from ids alone. Feed generation
    /// does several id lookups per candidate; with `Hasher` they were about 10 % of its CPU
    /// (perf, `prefeed bench generate`). Equal ids give equal values, as `Hashable` requires.
    public func _rawHashValue(seed: Int) -> Int {
        var x = rawValue ^ UInt64(UInt(bitPattern: seed))
        x = (x ^ (x &>> 30)) &* 0xbf58_476d_1ce4_e5b9
        x = (x ^ (x &>> 27)) &* 0x94d0_49bb_1331_11eb
        return Int(truncatingIfNeeded: x ^ (x &>> 31))
    }
}

/// A user of the product: the reader of a feed.
public struct UserID: FeedIdentifier {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
}

/// A post that can appear in a feed.
public struct PostID: FeedIdentifier {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
}

/// The user who wrote a post. Authors are users; the type keeps the two roles apart.
public struct AuthorID: FeedIdentifier {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// The author identity of a user.
    public init(_ user: UserID) { self.rawValue = user.rawValue }
    /// The same person as a user.
    public var user: UserID { UserID(rawValue: rawValue) }
}

/// One computed feed snapshot of one user. Later generations have larger ids.
public struct GenerationID: FeedIdentifier {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
}

/// One page read; impressions and actions are joined on it.
public struct RequestID: FeedIdentifier {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
}
