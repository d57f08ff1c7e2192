import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: The media library.
enum MediaAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder, maxUploadBytes: Int) {
        workspace.on(.POST, "media", body: .collect(maxSize: ByteCount(value: maxUploadBytes)), use: uploadMedia)
        workspace.get("media", use: listMedia)
        workspace.get("media", ":media", use: showMedia)
        workspace.patch("media", ":media", use: updateMedia)
        workspace.delete("media", ":media", use: deleteMedia)
        workspace.get("media", ":media", "file", use: mediaFile)
    }

    struct UploadForm: Content {
        var file: File?
        var altText: String?
        var tags: String?
        var folder: String?

        enum CodingKeys: String, CodingKey {
            case file, tags, folder
            case altText = "alt_text"
        }
    }

    /// `multipart/form-data` with `file` and optionally `alt_text`, `tags`, `folder`.
    @Sendable static func uploadMedia(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        guard req.headers.contentType?.type == "multipart",
              let form = try? req.content.decode(UploadForm.self), let file = form.file else {
            throw ValidationError(code: "required", field: "file", message: .init(.errorRequired))
        }
        let media = try await MediaService.upload(
            access, fileName: file.filename, data: Data(file.data.readableBytesView),
            details: .init(altText: form.altText, tags: form.tags, folder: form.folder),
            maxBytes: req.application.herald.maxUploadBytes, storage: req.application.runtime.mediaStorage, on: req.db)
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
