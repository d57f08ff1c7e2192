import HeraldApp
import HeraldStore
import Vapor

extension MediaService {
    /// The bytes, for members of the file's workspace only.
    static func serve(_ req: Request, access: WorkspaceAccess, id: UUID) async throws -> Response {
        try await fileResponse(req, file: try await find(access, id: id, on: req.db), workspaceID: access.workspaceID)
    }

    /// Streams a library file with its type; callers have checked who may see it.
    static func fileResponse(_ req: Request, file: MediaFile, workspaceID: UUID) async throws -> Response {
        let path = req.application.runtime.mediaStorage.path(workspaceID: workspaceID, id: try file.requireID(), ext: file.format.rawValue)
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.replaceOrAdd(name: .contentType, value: file.format.mimeType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline")
        return response
    }
}
