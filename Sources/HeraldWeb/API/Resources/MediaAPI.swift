import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: The media library.
enum MediaAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder, maxUploadBytes: Int) {
        workspace.on(.POST, "media", body: .stream, use: uploadMedia)  // to disk as it arrives (StreamedUpload)
            .streamsUpload = true
        workspace.get("media", use: listMedia)
        workspace.get("media", ":media", use: showMedia)
        workspace.patch("media", ":media", use: updateMedia)
        workspace.delete("media", ":media", use: deleteMedia)
        workspace.get("media", ":media", "file", use: mediaFile)
    }

    /// `multipart/form-data` with `file` and optionally `alt_text`, `tags`, `folder`; the file is
    /// streamed to disk as it arrives.
    @Sendable static func uploadMedia(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.editPosts)
        let media = try await StreamedUpload.receive(req, access: access)
        return try await MediaDTO(media, workspaceID: access.workspaceID, language: req.language).encodeResponse(status: .created, for: req)
    }

    @Sendable static func listMedia(req: Request) async throws -> ListDTO<MediaDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        let page = try PageRequest.parse(limit: try? req.query.get(String.self, at: "limit"),
                                         offset: try? req.query.get(String.self, at: "offset"))
        let found = try await MediaService.list(access, query: try? req.query.get(String.self, at: "q"),
                                                folder: try? req.query.get(String.self, at: "folder"),
                                                tag: try? req.query.get(String.self, at: "tag"), page: page, on: req.db)
        return ListDTO(items: try found.items.map { try MediaDTO($0, workspaceID: access.workspaceID, language: req.language) },
                       nextOffset: found.next)
    }

    @Sendable static func showMedia(req: Request) async throws -> MediaDTO {
        let access = try await WorkspaceAccess.resolve(req)
        return try MediaDTO(try await MediaService.find(access, id: req.uuidParameter("media"), on: req.db),
                            workspaceID: access.workspaceID, language: req.language)
    }

    @Sendable static func updateMedia(req: Request) async throws -> MediaDTO {
        let input = try req.decodeJSON(MediaDetailsInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try MediaDTO(try await MediaService.update(access, id: req.uuidParameter("media"), input.details, on: req.db),
                            workspaceID: access.workspaceID, language: req.language)
    }

    @Sendable static func deleteMedia(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await MediaService.delete(access, id: req.uuidParameter("media"), storage: req.application.runtime.mediaStorage, on: req.db)
        return .noContent
    }

    @Sendable static func mediaFile(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await MediaService.serve(req, access: access, id: req.uuidParameter("media"))
    }
}
