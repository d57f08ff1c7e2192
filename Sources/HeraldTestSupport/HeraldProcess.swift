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

    /// Waits for a started process; returns its exit status and everything it printed. The waiting
    /// blocks a thread of its own: on one of the test runner's two shared threads, two tests waiting
    /// for their processes at once stopped every other test's servers from answering (a connector's
    /// deadline passed in an unrelated test).
    public static func finish(_ started: (Process, Pipe)) async -> (status: Int32, output: String) {
        struct Handles: @unchecked Sendable { var process: Process; var pipe: Pipe }
        let handles = Handles(process: started.0, pipe: started.1)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let output = String(decoding: handles.pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                handles.process.waitUntilExit()
                continuation.resume(returning: (handles.process.terminationStatus, output))
            }
        }
    }

    public static func run(_ arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: String) {
        await finish(try start(arguments, environment: environment))
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
