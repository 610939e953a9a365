import ArgumentParser
import FeedCore
import FeedLearning
import Foundation

/// `prefeed train`: fits the value model's logistic heads from the join's rows.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train per-action logistic-regression heads from joined rows (time split) and write the model JSON.",
        discussion: """
            Trains on every served hour before the last --split-hours (minus --gap-hours) and evaluates on
            the last ones; prints AUC, log-loss and normalized entropy per head. See docs/LEARNING.md.
            """)

    @Option(help: "Training rows: a directory written by the join (manifest.json) or one .jsonl/.csv file.")
    var rows: String

    @Option(help: "Where to write the model JSON (prefeed.logistic).")
    var out = "model.json"

    @Option(help: "Evaluate on the last N served hours; 0 evaluates in-sample.")
    var splitHours = 24

    @Option(help: "Hours between training and evaluation that neither uses.")
    var gapHours = 0

    @Option(help: "L2 strength on standardized weights.")
    var l2 = 1e-3

    @Option(help: "Downsampled negatives: calibrated (per-head rate in the file) or importance (weights).")
    var weighting = "calibrated"

    @Option(help: "Comma-separated heads to train.")
    var heads = ActionType.heads.map(\.rawValue).joined(separator: ",")

    @Option(help: "Model version written into the file (default lr-<latest served hour, UTC>).")
    var modelVersion: String?

    @Option(help: "Also write the per-head metrics as JSON here.")
    var metricsOut: String?

    @Option(help: "Also write the evaluation predictions (head,served_at_ms,p,label,weight) as CSV here.")
    var predictionsOut: String?

    func run() async throws {
        guard let weighting = NegativeWeighting(rawValue: weighting) else {
            throw ValidationError("--weighting must be calibrated or importance")
        }
        var selected: [ActionType] = []
        for name in heads.split(separator: ",") {
            guard let action = ActionType(rawValue: String(name)), action.isHead else {
                throw ValidationError("unknown head \(name)")
            }
            selected.append(action)
        }
        guard splitHours >= 0, gapHours >= 0 else { throw ValidationError("hours must not be negative") }
        let started = Date()
        let data = try TrainingRowReader.read(URL(fileURLWithPath: rows), schema: .current)
        emit("read \(data.count) rows from \(rows) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        let latest = data.map(\.servedAt).max() ?? 0
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HH"
        let version = modelVersion ?? "lr-" + formatter.string(from: Date(timeIntervalSince1970: Double(latest) / 1000))
        let configuration = TrainerConfiguration(
            modelVersion: version, heads: selected, l2: l2, weighting: weighting,
            split: TimeSplit(evaluationHours: splitHours, gapHours: gapHours))
        let result = try LogisticTrainer(configuration: configuration).train(data)
        emit("trained on \(result.trainingRows.count) rows, evaluated on \(result.evaluationRows.count) "
            + "(\(splitHours == 0 ? "in-sample" : "last \(splitHours) h")) in "
            + String(format: "%.1f", Date().timeIntervalSince(started)) + " s")
        for line in TrainingReport.table(result) { emit(line) }
        try AtomicFile.write(try result.model.encoded(), to: URL(fileURLWithPath: out))
        if let metricsOut {
            try AtomicFile.write(try TrainingReport.metricsJSON(result), to: URL(fileURLWithPath: metricsOut))
        }
        if let predictionsOut {
            try AtomicFile.write(
                Data(TrainingReport.predictionsCSV(result, rows: data).utf8), to: URL(fileURLWithPath: predictionsOut))
        }
        emit("model \(version) written to \(out)")
    }
}
