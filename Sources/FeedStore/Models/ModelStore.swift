import FeedCore
import Foundation
import Logging
import PrefeedRedis

/// The model registry in Redis: model files by version, the list of versions and the current one.
///
/// All keys share the tag `{models}`; publishing is one script, so a reader never sees a current
/// version whose file is missing. The newest ``StoreConfiguration/maxModelVersions`` versions are kept.
public struct ModelStore: Sendable {
    let client: RedisClient
    let keys: FeedKeys
    let logger: Logger

    /// A registry reading and writing through `client`.
    public init(client: RedisClient, keys: FeedKeys = FeedKeys(), logger: Logger) {
        self.client = client
        self.keys = keys
        self.logger = logger
    }

    /// Stores a model file as `version` and, by default, makes it current.
    public func publish(version: String, json: [UInt8], at time: Double, makeCurrent: Bool = true) async throws {
        try await client.run(
            Self.publishScript,
            keys: [keys.modelVersions, keys.model(version: version), keys.currentModel],
            arguments: [version, json, time, makeCurrent ? 1 : 0, keys.configuration.maxModelVersions,
                        keys.modelPrefix])
        logger.info("model published", metadata: ["model.version": "\(version)", "model.current": "\(makeCurrent)"])
    }

    /// The current version and its model file, or `nil` when none is published. One round trip.
    public func current() async throws -> (version: String, json: [UInt8])? {
        let reply = try await client.run(Self.currentScript, keys: [keys.currentModel], arguments: [keys.modelPrefix])
        guard let parts = reply.array, parts.count == 2, let version = parts[0].string, let json = parts[1].bytes else {
            return nil
        }
        return (version, json)
    }

    /// The current version only (cheap: for hot-reload checks).
    public func currentVersion() async throws -> String? {
        try await client.execute("GET", keys.currentModel).string
    }

    /// The model file of one version.
    public func model(version: String) async throws -> [UInt8]? {
        try await client.execute("GET", keys.model(version: version)).bytes
    }

    /// Published versions, newest first.
    public func versions() async throws -> [String] {
        (try await client.execute("ZREVRANGE", keys.modelVersions, 0, -1).array ?? []).compactMap(\.string)
    }

    /// Every registered version with its publish time, file size and whether it is current, newest
    /// first. One script, so the list and the current marker are from the same instant.
    public func list() async throws -> [ModelVersionInfo] {
        let reply = try await client.run(
            Self.listScript, keys: [keys.modelVersions, keys.currentModel], arguments: [keys.modelPrefix])
        let parts = reply.array ?? []
        let current = parts.first?.string
        var result: [ModelVersionInfo] = []
        var index = 1
        while index + 2 < parts.count {
            let version = parts[index].string ?? ""
            result.append(ModelVersionInfo(
                version: version, publishedAt: parts[index + 1].double ?? 0, bytes: Int(parts[index + 2].int ?? 0),
                isCurrent: version == current))
            index += 3
        }
        return result
    }

    /// Makes an earlier version current again: `version`, or by default the one published just
    /// before the current one. Atomic (one script); the version's file must still be stored.
    /// - Returns: the versions current before and after.
    /// - Throws: ``ModelStoreError`` when there is no such version or no earlier one.
    @discardableResult
    public func rollback(to version: String? = nil) async throws -> (from: String?, to: String) {
        let reply = try await client.run(
            Self.rollbackScript, keys: [keys.modelVersions, keys.currentModel],
            arguments: [version ?? "", keys.modelPrefix])
        let parts = reply.array ?? []
        guard parts.count == 3, let status = parts[0].int else {
            throw ModelStoreError("rollback script returned \(reply)")
        }
        guard status == 1, let target = parts[2].string else {
            throw ModelStoreError(parts[1].string ?? "rollback refused")
        }
        let previous = parts[1].string.flatMap { $0.isEmpty ? nil : $0 }
        logger.info("model rolled back", metadata: ["model.version": "\(target)", "model.previous": "\(previous ?? "none")"])
        return (previous, target)
    }

    /// The current model as a logistic value model, or the built-in baseline when none is published.
    public func currentValueModel() async throws -> ValueModel {
        guard let (version, json) = try await current() else { return BaselineModel.valueModel() }
        do {
            return try ValueModel.logistic(json: Data(json))
        } catch {
            logger.error("current model does not load, using the baseline",
                         metadata: ["model.version": "\(version)", "error": "\(error)"])
            return BaselineModel.valueModel()
        }
    }

    /// KEYS: versions zset, model key, current key. ARGV: version, json, time, make current, keep, key prefix.
    static let publishScript = RedisScript(LuaScripts.modelPublish)

    /// KEYS: versions zset, current key. ARGV: model key prefix.
    /// Returns {current or false, version, published-at, bytes, version, …} newest first.
    static let listScript = RedisScript(LuaScripts.modelList)

    /// KEYS: versions zset, current key. ARGV: target version ('' = the one before the current), key prefix.
    /// Returns {1, previous current or '', new current} or {0, reason, ''}.
    static let rollbackScript = RedisScript(LuaScripts.modelRollback)

    /// KEYS: current key. ARGV: model key prefix. Returns {version, json} or nil.
    static let currentScript = RedisScript(LuaScripts.modelCurrent)
}
