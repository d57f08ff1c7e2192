import HeraldWeb

await HeraldCommandLine.main(extraCommands: ["bench": BenchCommand()])
