import ArgumentParser

/// The `herald` executable. Each command reads the configuration (environment and `.env`) only
/// when it runs, so `--help` prints usage without touching a data directory.
@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Herald, a self-hosted social media management suite.",
        discussion: "Settings come from environment variables (and ./.env); README.md lists them.",
        subcommands: [ServeCommand.self, DemoCommand.self, WorkerCommand.self, MigrateCommand.self, UserCommand.self,
                      ImportCommand.self, InboxCommand.self, AnalyticsCommand.self, SweepCommand.self, BenchCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
