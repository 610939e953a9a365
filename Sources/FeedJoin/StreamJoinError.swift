/// A join run that cannot start or continue: a directory of another mode or configuration, a
/// locked directory, a malformed stream reply.
public struct StreamJoinError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for the operator.
    public var message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
