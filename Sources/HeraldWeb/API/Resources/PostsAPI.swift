import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: Posts with their channels and variants, their checks, and scheduling.
enum PostsAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.post("posts", ":post", "duplicate", use: duplicatePost)
        workspace.get("posts", use: listPosts)
        workspace.post("posts", use: createPost)
        workspace.post("posts", "check", use: checkPost)
        workspace.get("posts", ":post", use: showPost)
        workspace.patch("posts", ":post", use: updatePost)
        workspace.delete("posts", ":post", use: deletePost)
        workspace.post("posts", ":post", "schedule", use: schedulePost)
        workspace.post("posts", ":post", "queue", use: queuePost)
        workspace.post("posts", ":post", "unschedule", use: unschedulePost)
    }

    @Sendable static func duplicatePost(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let copy = try await PostService.duplicate(access, id: req.uuidParameter("post"), on: req.db)
        return try await PostDetailDTO.make(copy, access: access, language: req.language, on: req.db)
            .encodeResponse(status: .created, for: req)
    }

    /// Written by hand (`WrittenJSON`): the list is the API's most read answer.
    @Sendable static func listPosts(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let query = { (key: String) in req.query[String.self, at: key] }
        let page = try PageRequest.parse(limit: query("limit"), offset: query("offset"))
        let filters = try await CalendarQuery.Filters.parse(status: query("status"), channel: query("channel"), campaign: query("campaign"),
                                                            author: query("author"), in: access, on: req.db)
        let found = try await PostService.list(access, filters: filters, page: page, on: req.db)
        return APIJSON.response(ListDTO(items: found.items.map(PostDTO.init), nextOffset: found.next))
    }

    @Sendable static func createPost(req: Request) async throws -> Response {
        let input = try req.decodeJSON(PostInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.create(access, input.draft, on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable static func showPost(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
    }

    @Sendable static func updatePost(req: Request) async throws -> PostDetailDTO {
        let input = try req.decodeJSON(PostInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.update(access, id: req.uuidParameter("post"), input.draft, on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
    }

    /// Checks a draft against each channel's rules, the voice and the ad label without saving it.
    @Sendable static func checkPost(req: Request) async throws -> ListDTO<CheckDTO> {
        let input = try req.decodeJSON(PostInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.viewPosts)
        return ListDTO(items: try await ComposerChecks.run(access, input.draft, on: req.db).map {
            CheckDTO(channel: $0.channel, check: $0.check, language: req.language)
        })
    }

    @Sendable static func deletePost(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await PostService.delete(access, id: req.uuidParameter("post"), on: req.db)
        return .noContent
    }

    @Sendable static func schedulePost(req: Request) async throws -> PostDetailDTO {
        let input = try req.decodeJSON(ScheduleInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let outcome = try await ScheduleService.schedule(access, postID: req.uuidParameter("post"), date: input.date,
                                                         time: input.time, zone: input.timeZone, on: req.db)
        return try await PostDetailDTO.make(outcome.post, access: access, language: req.language, note: outcome.note, on: req.db)
    }

    @Sendable static func queuePost(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let outcome = try await ScheduleService.addToQueue(access, postID: req.uuidParameter("post"), on: req.db)
        return try await PostDetailDTO.make(outcome.post, access: access, language: req.language, note: outcome.note, on: req.db)
    }

    @Sendable static func unschedulePost(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await ScheduleService.unschedule(access, postID: req.uuidParameter("post"), on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
    }
}
