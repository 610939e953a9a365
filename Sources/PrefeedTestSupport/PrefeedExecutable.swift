import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `prefeed` executable, run as a subprocess by the crash tests (worker, join).
public struct PrefeedExecutable: Sendable {
    /// Where the executable is.
    public let path: String

    /// The executable is not built or lacks a subcommand; the description says what to do.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// `$PREFEED_BIN`, else `prefeed` next to the test bundle (`.build*/debug/`).
    public static func locate() throws -> PrefeedExecutable {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["PREFEED_BIN"] { candidates.append(path) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("prefeed").path)
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("prefeed").path)
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("prefeed").path)
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return PrefeedExecutable(path: candidate)
        }
        throw Missing(description: """
            the prefeed executable is not built (looked at \(candidates.joined(separator: ", "))): \
            run `swift build --product prefeed` with the same scratch path, or set PREFEED_BIN
            """)
    }

    /// Fails unless `prefeed <subcommand> --help` shows that subcommand's usage (an unknown one
    /// shows the root usage instead).
    public func requireSubcommand(_ name: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [name, "--help"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, text.contains("USAGE: prefeed \(name)") else {
            throw Missing(description: """
                `\(path) \(name)` is not a subcommand: register \(name.capitalized)Command in \
                Sources/prefeed/Prefeed.swift and rebuild
                """)
        }
    }

    /// Starts `prefeed arguments…` with stdout and stderr appended to `log` (or discarded).
    public func start(_ arguments: [String], log: URL?) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        if let log {
            if !FileManager.default.fileExists(atPath: log.path) {
                _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: log)
            handle.seekToEndOfFile()
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }
}

/// Waits for `process` to exit, polling, for at most `timeout`; kills it and returns nil on timeout.
public func waitForExit(_ process: Process, timeout: Duration) async throws -> Int32? {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
        if ContinuousClock.now > deadline {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    return process.terminationStatus
}
