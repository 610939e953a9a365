import ArgumentParser

/// The `prefeed` command: one executable, one subcommand per job. Subcommands only parse flags and
/// call into the modules; no feed logic lives here.
@main
struct Prefeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefeed",
        abstract: "Precomputed, ranked per-user feeds in Redis.",
        subcommands: [
            DemoCommand.self,
            LoadCommand.self,
            ServeCommand.self,
            WorkerCommand.self,
            ScheduleCommand.self,
            CountImpressionsCommand.self,
            TrainCommand.self,
            JoinCommand.self,
            ModelCommand.self,
            WarmupCommand.self,
            SimulateCommand.self,
            BenchCommand.self,
        ]
    )
}
