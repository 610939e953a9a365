import Foundation

/// A one-line progress bar on stderr with rate and ETA, redrawn at most 5 times a second.
/// On a non-terminal (CI logs) it prints a plain line every 5 seconds instead.
struct ProgressBar {
    private let label: String
    private let unit: String
    private let started = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private let interactive = isatty(STDERR_FILENO) == 1

    init(label: String, unit: String = "rows") {
        self.label = label
        self.unit = unit
    }

    /// Redraws the bar for `completed` of `total` (total 0 = unknown).
    mutating func update(completed: Int, total: Int, force: Bool = false) {
        let now = ContinuousClock.now
        let interval: Duration = interactive ? .milliseconds(200) : .seconds(5)
        if !force, let lastDraw, now - lastDraw < interval { return }
        lastDraw = now
        let elapsed = seconds(now - started)
        let rate = elapsed > 0 ? Double(completed) / elapsed : 0
        var line = "\(label) \(completed)"
        if total > 0 {
            let fraction = min(1, Double(completed) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let eta = rate > 0 ? Double(total - completed) / rate : 0
            line = "\(label) [\(bar)] \(completed)/\(total) \(String(format: "%3.0f%%", fraction * 100))"
                + " \(String(format: "%.0f", rate)) \(unit)/s ETA \(String(format: "%.0f", max(0, eta))) s"
        } else {
            line += " \(String(format: "%.0f", rate)) \(unit)/s"
        }
        FileHandle.standardError.write(Data(((interactive ? "\r\u{1B}[K" : "") + line + (interactive ? "" : "\n")).utf8))
    }

    /// Ends the bar's line.
    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
