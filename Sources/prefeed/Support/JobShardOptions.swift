import ArgumentParser
import FeedWorker

/// `--shards` and `--active-shards`, shared by the processes that queue jobs and read the
/// active-user index (schedule, warmup run): every process of a deployment must agree with the
/// workers' `--shards`.
struct JobShardOptions: ParsableArguments {
    @Option(help: "Stream shards per priority (as the workers).")
    var shards = 1

    @Option(help: "Shards of the active-user index.")
    var activeShards = 1

    func validate() throws {
        guard shards >= 1, activeShards >= 1 else {
            throw ValidationError("--shards and --active-shards must be at least 1")
        }
    }

    /// The job system's keys for these shard counts.
    var keys: JobKeys { JobKeys(shards: shards, activeShards: activeShards) }
}
