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
        "\(root)/\(workspaceID.uuidString.lowercased())/\(id.uuidString.lowercased()).\(ext)"
    }

    /// Writes to `<final>.partial`; returns that path.
    public func stage(_ data: Data, finalPath: String) throws -> String {
        let directory = (finalPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let partial = finalPath + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: data, attributes: [.posixPermissions: 0o640]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return partial
    }

    public func commit(_ partial: String, to finalPath: String) throws {
        try FileManager.default.moveItem(atPath: partial, toPath: finalPath)
    }

    public func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
