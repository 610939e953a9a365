/// Why a script could not be embedded.
struct EmbedError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
