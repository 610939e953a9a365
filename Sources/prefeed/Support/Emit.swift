import Foundation

/// Writes one line to standard output unbuffered, so progress shows at once even when piped.
@Sendable func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
