import FeedCore
import Foundation

/// Reads training rows written by `TrainingRowWriter` (or single JSONL/CSV files).
public enum TrainingRowReader {
    /// The manifest of a row directory.
    public static func readManifest(directory: URL) throws(TrainingRowIOError) -> TrainingRowManifest {
        let url = directory.appendingPathComponent(TrainingRowManifest.fileName)
        let manifest: TrainingRowManifest
        do {
            manifest = try JSONDecoder().decode(TrainingRowManifest.self, from: Data(contentsOf: url))
        } catch {
            throw TrainingRowIOError("cannot read \(url.path): \(error)")
        }
        guard manifest.format == TrainingRowManifest.formatName,
            manifest.formatVersion == TrainingRowManifest.currentFormatVersion
        else {
            throw TrainingRowIOError("\(url.path) is not a \(TrainingRowManifest.formatName) v1 manifest")
        }
        return manifest
    }

    /// Every row of a directory's committed files (in manifest order), or of one file (format from
    /// its extension). With `schema`, a directory whose manifest names another feature schema, or
    /// a row of another length, is an error.
    public static func read(_ url: URL, schema: FeatureSchema? = nil) throws(TrainingRowIOError) -> [TrainingRow] {
        let rows = try readUnchecked(url, schema: schema)
        if let schema, let bad = rows.first(where: { $0.features.count != schema.count }) {
            throw TrainingRowIOError("row \(bad.requestID)/\(bad.post) has \(bad.features.count) features, schema has \(schema.count)")
        }
        return rows
    }

    private static func readUnchecked(_ url: URL, schema: FeatureSchema?) throws(TrainingRowIOError) -> [TrainingRow] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TrainingRowIOError("\(url.path) does not exist")
        }
        guard isDirectory.boolValue else {
            guard let format = TrainingRowFormat(rawValue: url.pathExtension) else {
                throw TrainingRowIOError("\(url.path): unknown row file extension")
            }
            return try readFile(url, format: format)
        }
        let manifest = try readManifest(directory: url)
        if let schema, manifest.featureSchema != LogisticModelFile.Schema(schema) {
            throw TrainingRowIOError(
                "\(url.path) holds rows of feature schema v\(manifest.featureSchema.version) hash \(manifest.featureSchema.hash), "
                    + "code computes v\(schema.version) hash \(schema.hash)")
        }
        var rows: [TrainingRow] = []
        rows.reserveCapacity(manifest.totalRows)
        for file in manifest.files {
            rows += try readFile(url.appendingPathComponent(file.path), format: manifest.rowFormat)
        }
        return rows
    }

    /// The rows of one file.
    public static func readFile(_ url: URL, format: TrainingRowFormat) throws(TrainingRowIOError) -> [TrainingRow] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw TrainingRowIOError("cannot read \(url.path): \(error)")
        }
        var rows: [TrainingRow] = []
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            switch format {
            case .jsonl:
                rows.append(try TrainingRowJSONL.decode(line))
            case .csv:
                if first {
                    first = false
                    continue
                }
                rows.append(try TrainingRowCSV.decode(line))
            }
        }
        return rows
    }
}
