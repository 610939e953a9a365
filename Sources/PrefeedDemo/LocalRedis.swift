import Foundation
import PrefeedRedis
import PrefeedTestSupport

/// A redis-server for the demo, started and stopped through `Ops/redis-up` / `Ops/redis-down`
/// (the same scripts an operator uses), with the project's `Ops/redis.conf`.
public struct LocalRedis: Sendable {
    public let port: Int
    public let dataDirectory: String
    /// True when the demo started the server (and so should stop it).
    public let startedByUs: Bool

    /// Starts a server on `port` unless one already answers there.
    public static func start(port: Int, dataDirectory: String) throws -> LocalRedis {
        if answersPing(port: port) {
            return LocalRedis(port: port, dataDirectory: dataDirectory, startedByUs: false)
        }
        try runOpsScript("redis-up", arguments: [String(port), dataDirectory])
        return LocalRedis(port: port, dataDirectory: dataDirectory, startedByUs: true)
    }

    /// Stops the server if the demo started it.
    public func stop() throws {
        guard startedByUs else { return }
        try LocalRedis.runOpsScript("redis-down", arguments: [String(port), dataDirectory])
    }

    /// A client configuration for this server.
    public var configuration: RedisConfiguration {
        RedisConfiguration(endpoint: .tcp(host: "127.0.0.1", port: port), maximumConnections: 4, clientName: "prefeed-demo")
    }

    static func answersPing(port: Int) -> Bool {
        guard let cli = try? locateTool("redis-cli") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cli)
        process.arguments = ["-p", String(port), "ping"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).contains("PONG")
    }

    static func runOpsScript(_ name: String, arguments: [String]) throws {
        let script = try locateProjectFile("Ops/\(name)")
        let status = try runToCompletion(["/bin/bash", script] + arguments)
        guard status == 0 else {
            throw TestSupportError("Ops/\(name) \(arguments.joined(separator: " ")) failed with status \(status)")
        }
    }

    static func locateTool(_ tool: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin"] {
            let candidate = directory + "/" + tool
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError("\(tool) is not installed: run Ops/install-deps")
    }
}
