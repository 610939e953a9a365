import Foundation
import PrefeedTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The processes that are not the HTTP server export their metrics: `--metrics-port` serves
/// `GET /metrics` while they run, `--metrics-file` leaves a Prometheus text file behind a one-shot run.
@Suite("Metrics export of worker, join and warm-up processes", .serialized, .timeLimit(.minutes(3)))
struct MetricsExportTests {
    @Test func workerServesMetricsWhileRunningAndOneShotRunsLeaveAFile() async throws {
        let prefeed = try PrefeedExecutable.locate()
        try prefeed.requireSubcommand("worker")
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let redis = ["--redis", "redis://127.0.0.1:\(server.port)"]
        let log = server.directory.appendingPathComponent("processes.log")

        let port = try freeLoopbackPort()
        let featureLog = ["--feature-log-dir", server.directory.appendingPathComponent("feature-log").path]
        let worker = try prefeed.start(["worker"] + redis + featureLog + ["--metrics-port", String(port), "--log-level", "warning"], log: log)
        let http = LoopbackHTTPClient(baseURL: "http://127.0.0.1:\(port)")
        var text = ""
        for _ in 0..<100 where text.isEmpty {
            if let response = try? await http.get("/metrics", token: ""), response.status == 200 {
                text = String(decoding: response.body, as: UTF8.self)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(text.contains("prefeed_queue_pending{priority=\"interactive\"}"), "\(text.prefix(400))")
        #expect(text.contains("# TYPE"))
        kill(worker.processIdentifier, SIGTERM)
        #expect(try await waitForExit(worker, timeout: .seconds(30)) == 0, "see \(log.path)")

        let joinFile = server.directory.appendingPathComponent("join.prom")
        let join = try prefeed.start(["join"] + redis + featureLog + ["--once", "--out", server.directory.appendingPathComponent("rows").path,
                                                          "--metrics-file", joinFile.path], log: log)
        #expect(try await waitForExit(join, timeout: .seconds(60)) == 0, "see \(log.path)")
        let joinMetrics = try String(contentsOf: joinFile, encoding: .utf8)
        #expect(joinMetrics.contains("prefeed_join_rows_total 0"))
        #expect(joinMetrics.contains("prefeed_join_actions_total{outcome=\"late\"}"))

        let warmupFile = server.directory.appendingPathComponent("warmup.prom")
        let warmup = try prefeed.start(["warmup", "run"] + redis + ["--once", "--quiet", "--metrics-file", warmupFile.path], log: log)
        #expect(try await waitForExit(warmup, timeout: .seconds(60)) == 0, "see \(log.path)")
        #expect(try String(contentsOf: warmupFile, encoding: .utf8).contains("prefeed_warmup_pass_duration_count 1"))
        // No temporary file is left next to the outputs.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
