import Foundation

/// Generates the world `config` describes into `directory` (created if needed) as load files of
/// `format`, plus `truth.jsonl` and the `world.json` manifest; reports progress synchronously.
///
/// This is what `prefeed simulate generate` runs. Throws ``WorldConfigError`` for a bad config,
/// ``WorldWriterError`` or a file-system error when a file cannot be written.
public func generateWorld(
    config: WorldConfig,
    into directory: URL,
    format: LoadFileFormat = .jsonl,
    progress: (WorldProgress) -> Void = { _ in }
) throws -> WorldSummary {
    let clock = ContinuousClock()
    let started = clock.now
    let generator = try WorldGenerator(config: config)
    var writer = try WorldWriter(directory: directory, format: format)
    let counts = try generator.generate(into: &writer, progress: progress)
    progress(WorldProgress(phase: .finishing, completed: 0, total: 1))
    let manifest = try writer.finish(config: config, counts: counts)
    progress(WorldProgress(phase: .finishing, completed: 1, total: 1))
    let elapsed = clock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return WorldSummary(directory: directory, manifest: manifest, byteCount: writer.byteCount, elapsedSeconds: seconds)
}
