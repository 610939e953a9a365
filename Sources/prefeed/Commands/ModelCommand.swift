import ArgumentParser
import FeedCore
import FeedStore
import Foundation
import Logging
import PrefeedRedis

/// `prefeed model …`: the model registry in Redis that workers hot-reload from.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Publish, list and roll back value-model versions in Redis (workers reload within seconds).",
        subcommands: [ModelPublishCommand.self, ModelListCommand.self, ModelRollbackCommand.self])
}

/// Options every `prefeed model` subcommand shares.
struct ModelRegistryOptions: ParsableArguments {
    @OptionGroup var redis: RedisOptions

    /// Runs `body` with a registry on `--redis`, closing the client afterwards.
    func withStore<T>(_ body: (ModelStore) async throws -> T) async throws -> T {
        var logger = Logger(label: "prefeed.model")
        logger.logLevel = .warning
        let client = try redis.client(name: "prefeed-model", logger: logger)
        defer { client.shutdown() }
        return try await body(ModelStore(client: client, logger: logger))
    }
}

/// `prefeed model publish FILE`: checks a model file against the code's feature schema and stores it.
struct ModelPublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Store a prefeed.logistic model file as a version and (by default) make it current.",
        discussion: """
            The file must load as a value model with this build's feature schema (names, order, hash,
            version); otherwise nothing is stored and the mismatching features are named.
            """)

    @Argument(help: "The model JSON (prefeed train --out).")
    var file: String

    @Option(help: "Version to publish under (default: the file's model_version, which is rewritten to match).")
    var version: String?

    @Flag(help: "Store the version without making it current.")
    var noCurrent = false

    @OptionGroup var registry: ModelRegistryOptions

    func run() async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        let checked: ModelFileCheck.Checked
        do {
            checked = try ModelFileCheck.check(data, version: version)
        } catch let error as ModelLoadError {
            throw ModelCommandFailure("\(file) was not published: \(error.message)")
        } catch let error as ModelStoreError {
            throw ModelCommandFailure("\(file) was not published: \(error.message)")
        }
        try await registry.withStore { store in
            try await store.publish(
                version: checked.version, json: checked.json, at: Date().timeIntervalSince1970, makeCurrent: !noCurrent)
        }
        emit("published \(checked.version) (\(checked.json.count) bytes, heads \(checked.heads.map(\.rawValue).joined(separator: ",")))"
            + (noCurrent ? "; current version unchanged" : "; now current, workers reload it within their poll interval"))
    }
}

/// `prefeed model list`: the registry, newest first.
struct ModelListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List published model versions, newest first; * marks the current one.")

    @OptionGroup var registry: ModelRegistryOptions

    func run() async throws {
        let versions = try await registry.withStore { try await $0.list() }
        guard !versions.isEmpty else {
            emit("no model published: workers rank with the built-in \(BaselineModel.version)")
            return
        }
        let formatter = ISO8601DateFormatter()
        let width = max(7, versions.map(\.version.count).max() ?? 0)
        emit("  " + "version".padding(toLength: width, withPad: " ", startingAt: 0) + "  published (UTC)           bytes")
        for entry in versions {
            let name = entry.version.padding(toLength: width, withPad: " ", startingAt: 0)
            let published = formatter.string(from: Date(timeIntervalSince1970: entry.publishedAt))
            emit("\(entry.isCurrent ? "*" : " ") \(name)  \(published)  \(entry.bytes)")
        }
        if !versions.contains(where: \.isCurrent) {
            emit("no version is current: workers rank with the built-in \(BaselineModel.version)")
        }
    }
}

/// `prefeed model rollback [VERSION]`: makes an earlier version current again.
struct ModelRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Make VERSION (default: the version published before the current one) current again.")

    @Argument(help: "The version to return to.")
    var version: String?

    @OptionGroup var registry: ModelRegistryOptions

    func run() async throws {
        do {
            let (from, to) = try await registry.withStore { try await $0.rollback(to: version) }
            emit("current model: \(from ?? "none") -> \(to); workers reload it within their poll interval")
        } catch let error as ModelStoreError {
            throw ModelCommandFailure("rollback refused: \(error.message)")
        }
    }
}

/// A refused registry operation: printed as `Error: <message>` without the usage text, exit status 1.
struct ModelCommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
