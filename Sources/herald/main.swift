import HeraldWeb

await HeraldCommandLine.main()
