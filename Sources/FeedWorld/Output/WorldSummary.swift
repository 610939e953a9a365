import Foundation

/// What ``generateWorld(config:into:format:progress:)`` wrote.
public struct WorldSummary: Sendable, Hashable {
    /// The world directory.
    public var directory: URL
    /// The manifest written as `world.json` (config, counts, file names).
    public var manifest: WorldManifest
    /// Bytes written over all files.
    public var byteCount: Int
    /// Wall-clock seconds the generation took.
    public var elapsedSeconds: Double

    /// Creates a summary.
    public init(directory: URL, manifest: WorldManifest, byteCount: Int, elapsedSeconds: Double) {
        self.directory = directory
        self.manifest = manifest
        self.byteCount = byteCount
        self.elapsedSeconds = elapsedSeconds
    }

    /// Row counts.
    public var counts: WorldCounts { manifest.counts }

    /// The path of `file` in the directory.
    public func url(of file: LoadFile) -> URL {
        directory.appendingPathComponent(file.fileName(format: manifest.format))
    }
}
