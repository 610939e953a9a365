/// A file of a world could not be written.
public struct WorldWriterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file or directory concerned.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot write /tmp/w/users.jsonl: cannot create the file`.
    public var description: String { "cannot write \(path): \(reason)" }
}
