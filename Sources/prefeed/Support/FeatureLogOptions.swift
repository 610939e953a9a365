import ArgumentParser
import FeedStore
import Foundation
import Logging

/// `--feature-log-dir` and its bounds: where generators append the features they ranked with
/// (``FeatureLogSegmentWriter``) and the join reads them. Workers, `serve` (inline generations)
/// and `join` must name the same directory (a shared or synced filesystem when they run on
/// different hosts).
struct FeatureLogOptions: ParsableArguments {
    @Option(help: "Feature-log segment directory (generators append, the join reads; docs/LEARNING.md).")
    var featureLogDir = "var/feature-log"

    @Option(help: "Hours of feature-log segments kept behind the newest generation.")
    var featureLogRetentionHours = 9 * 24 + 1

    @Option(help: "Most GiB of feature-log segments in the directory (oldest hours deleted first).")
    var featureLogMaxGib = 200.0

    func validate() throws {
        guard featureLogRetentionHours >= 1, featureLogMaxGib > 0 else {
            throw ValidationError("--feature-log-retention-hours must be at least 1 and --feature-log-max-gib positive")
        }
    }

    /// The directory as a URL.
    var directory: URL { URL(fileURLWithPath: featureLogDir) }

    /// A writer for this process (creates the directory).
    func writer(logger: Logger) throws -> FeatureLogSegmentWriter {
        var settings = FeatureLogSegmentWriter.Settings()
        settings.retentionHours = featureLogRetentionHours
        settings.maxBytes = Int64(featureLogMaxGib * Double(1 << 30))
        return try FeatureLogSegmentWriter(directory: directory, settings: settings, logger: logger)
    }
}
