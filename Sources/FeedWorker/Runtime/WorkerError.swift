/// A worker invariant was broken (e.g. the regenerator returned the wrong number of results).
public struct WorkerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
