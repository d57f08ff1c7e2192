import Foundation
import HeraldConnectors

/// Records the requests a connector builds, one JSON object a line, in the format
/// `../shared/tools/contract-check.py` reads. `scripts/test` empties `.build/contract/` first and
/// runs the checker over everything recorded.
public enum ContractRecorder {
    /// `<package>/.build/contract`, found from this file's place in the source tree.
    public static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/contract")
    }

    private static let lock = NSLock()

    /// Appends one request to `<name>.jsonl`.
    public static func record(_ request: JSONValue, file name: String) throws {
        let directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name + ".jsonl")
        let line = try request.encoded() + Data("\n".utf8)
        lock.lock()
        defer { lock.unlock() }
        if let handle = try? FileHandle(forWritingTo: url) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } else {
            try line.write(to: url)
        }
    }

    public static func bluesky(nsid: String, input: JSONValue, file: String) throws {
        try record(["platform": "bluesky", "nsid": .string(nsid), "json": input], file: file)
    }

    public static func telegram(method: String, params: JSONValue, file: String) throws {
        try record(["platform": "telegram", "method": .string(method), "params": params], file: file)
    }
}
