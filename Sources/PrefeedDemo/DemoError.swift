/// A step of the demo that could not be carried out, with what to do about it.
public struct DemoError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
