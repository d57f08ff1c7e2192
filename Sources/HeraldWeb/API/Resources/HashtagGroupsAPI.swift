import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: Hashtag groups.
enum HashtagGroupsAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("hashtag-groups", use: listHashtagGroups)
        workspace.post("hashtag-groups", use: createHashtagGroup)
        workspace.patch("hashtag-groups", ":group", use: updateHashtagGroup)
        workspace.delete("hashtag-groups", ":group", use: deleteHashtagGroup)
    }

    @Sendable static func listHashtagGroups(req: Request) async throws -> ListDTO<HashtagGroupDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await HashtagGroupService.list(access, on: req.db).map(HashtagGroupDTO.init))
    }

    @Sendable static func createHashtagGroup(req: Request) async throws -> Response {
        let input = try req.decodeJSON(HashtagGroupInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let group = try await HashtagGroupService.create(access, name: input.name, tags: input.tags, on: req.db)
        return try await HashtagGroupDTO(group).encodeResponse(status: .created, for: req)
    }

    @Sendable static func updateHashtagGroup(req: Request) async throws -> HashtagGroupDTO {
        let input = try req.decodeJSON(HashtagGroupInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try HashtagGroupDTO(try await HashtagGroupService.update(access, id: req.uuidParameter("group"), name: input.name,
                                                                        tags: input.tags, on: req.db))
    }

    @Sendable static func deleteHashtagGroup(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await HashtagGroupService.delete(access, id: req.uuidParameter("group"), on: req.db)
        return .noContent
    }
}
