import ArgumentParser
import Logging

/// `--log-level trace|debug|info|notice|warning|error|critical`, parsed once for every command:
/// an unknown level is refused by the parser, so no command checks it again.
extension Logger.Level: @retroactive ExpressibleByArgument {}
