import ArgumentParser
import Foundation
import Logging
import PrefeedDemo

/// `prefeed demo`: the whole pipeline on a local Redis it starts itself.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a local Redis, load a synthetic world, generate feeds, and show the results.")

    @Option(help: "Port of the local redis-server (started through Ops/redis-up unless one answers there).")
    var port = 6390

    @Option(help: "Number of users in the demo world.")
    var users = 2_000

    @Option(help: "Number of posts in the demo world.")
    var posts = 20_000

    @Option(help: "Loopback port of the demo's HTTP read path.")
    var httpPort = 8090

    @Flag(help: "Leave the local redis-server running at the end.")
    var keepRedis = false

    func run() async throws {
        var options = Demo.Options()
        options.port = port
        options.users = users
        options.posts = posts
        options.keepRedis = keepRedis
        options.httpPort = httpPort
        let demo = Demo(options: options, logger: Logger(label: "prefeed.demo")) { line in emit(line) }
        try await demo.run()
    }
}
