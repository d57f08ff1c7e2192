import Foundation

/// Runs the real `herald` executable (built next to the test bundle) as a separate process.
public enum HeraldProcess {
    public static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("herald").path
    }

    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// Starts `herald arguments…` with the given environment added to ours; does not wait.
    public static func start(_ arguments: [String], environment: [String: String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return (process, pipe)
    }

    /// Waits for a started process; returns its exit status and everything it printed.
    public static func finish(_ started: (Process, Pipe)) -> (status: Int32, output: String) {
        let output = String(decoding: started.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        started.0.waitUntilExit()
        return (started.0.terminationStatus, output)
    }

    public static func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        finish(try start(arguments, environment: environment))
    }

    /// The environment that points a process at a test database.
    public static func environment(for database: TestDatabase) -> [String: String] {
        var environment = ["HERALD_DATA_DIR": database.dataDirectory, "HERALD_LOG_LEVEL": "warning", "HERALD_ALLOW_PRIVATE_URLS": "127.0.0.1",
                           "HERALD_BCRYPT_COST": "4"]
        switch database.target {
        case .sqlite(let path): environment["DATABASE_URL"] = "sqlite://" + path
        case .postgres(let url): environment["DATABASE_URL"] = url
        }
        return environment
    }
}
