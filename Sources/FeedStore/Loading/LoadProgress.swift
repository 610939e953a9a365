import FeedWorld
import Foundation

/// Progress of a load, reported about twice a second and at the end of each file.
public struct LoadProgress: Sendable {
    /// The file being loaded.
    public var file: LoadFile
    /// Rows read so far in this file (good and bad).
    public var rows: Int
    /// Bad rows so far in this file.
    public var rejected: Int
    /// Bytes read so far in this file.
    public var bytesRead: Int
    /// The file's size.
    public var totalBytes: Int
    /// Seconds since the file was opened.
    public var elapsedSeconds: Double
    /// Whether the file is done.
    public var isFinished: Bool

    /// Rows per second in this file.
    public var rowsPerSecond: Double { elapsedSeconds > 0 ? Double(rows) / elapsedSeconds : 0 }

    /// Estimated seconds left in this file, from the byte rate.
    public var etaSeconds: Double? {
        guard bytesRead > 0, elapsedSeconds > 0, totalBytes >= bytesRead else { return nil }
        return Double(totalBytes - bytesRead) / (Double(bytesRead) / elapsedSeconds)
    }

    /// A one-line rendering: `posts      [#########-----------]  45%  450,000 rows  180,000 rows/s  ETA 3s  (2 bad)`.
    public var line: String {
        let fraction = totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1
        let width = 20
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let eta = isFinished ? String(format: "done in %.1fs", elapsedSeconds)
            : etaSeconds.map { String(format: "ETA %.0fs", $0) } ?? "ETA ?"
        let name = file.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        return String(format: "%@ [%@] %3.0f%%  %d rows  %.0f rows/s  %@", name, bar, fraction * 100, rows, rowsPerSecond, eta)
            + (rejected > 0 ? "  (\(rejected) bad)" : "")
    }
}
