/// A registry operation that cannot be done (e.g. rolling back with no earlier version).
public struct ModelStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for people.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
