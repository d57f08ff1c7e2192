import Foundation

/// Where library files live: `<data directory>/media/<workspace>/<id>.<ext>`. Writes go to a
/// temporary name first and become visible by rename, so a crash never leaves half a file
/// under a real name.
public struct MediaStorage: Sendable {
    public let root: String

    public init(dataDirectory: String) {
        root = (dataDirectory as NSString).appendingPathComponent("media")
    }

    public func path(workspaceID: UUID, id: UUID, ext: String) -> String {
        "\(root)/\(workspaceID.text.lowercased())/\(id.text.lowercased()).\(ext)"
    }

    /// Where an upload is written while it arrives, before anyone knows what it is:
    /// `<root>/.incoming/<random>.partial`, on the same file system as the library so that
    /// keeping it is a rename.
    public func incomingPath() throws -> String {
        let directory = "\(root)/\(Self.incoming)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return "\(directory)/\(UUID().text.lowercased()).partial"
    }

    public static let incoming = ".incoming"

    /// Removes uploads a crash or a dropped connection left behind in `.incoming` (older than
    /// `age`, so none still arriving). Answers how many.
    @discardableResult
    public func removeAbandonedUploads(olderThan age: TimeInterval = 86_400, now: Date = Date()) -> Int {
        let directory = "\(root)/\(Self.incoming)"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names where name.hasSuffix(".partial") {
            let path = "\(directory)/\(name)"
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > age else { continue }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
        }
        return removed
    }

    /// Moves a staged file to its final name, creating the workspace's folder when needed.
    public func commit(_ partial: String, to finalPath: String) throws {
        try FileManager.default.createDirectory(atPath: (finalPath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: partial, toPath: finalPath)
    }

    public func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
