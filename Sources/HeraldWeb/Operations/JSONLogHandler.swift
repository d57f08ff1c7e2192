import Foundation
import HeraldApp
import Logging

/// One JSON object per line on stdout (`HERALD_LOG_FORMAT=json`), for log shippers.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        guard let data = Self.line(level: level, message: "\(message)", label: label,
                                   metadata: metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 })) else { return }
        FileHandle.standardOutput.write(data)
    }

    /// One log line: a JSON object with `ts`, `level`, `logger`, `msg` and the metadata, then a newline.
    static func line(level: Logger.Level, message: String, label: String, metadata: Logger.Metadata, at date: Date = Date()) -> Data? {
        var object: [String: Any] = [
            "ts": ISO8601DateFormatter().string(from: date), "level": level.rawValue, "logger": label, "msg": message,
        ]
        for (key, value) in metadata { object[key] = "\(value)" }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return data + Data("\n".utf8)
    }
}
