import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: What happened to posts: retry, resolve an unknown outcome, what needs attention, the webhook.
enum PublishingAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.post("posts", ":post", "publications", ":publication", "retry", use: retryPublication)
        workspace.post("posts", ":post", "publications", ":publication", "resolve", use: resolvePublication)
        workspace.post("posts", ":post", "publications", ":publication", "remove", use: removePublication)
        workspace.post("posts", ":post", "publications", ":publication", "edit", use: editPublication)
        workspace.get("notifications", use: notifications)
        workspace.post("notices", ":notice", "dismiss", use: dismissNotice)
        workspace.get("webhook", use: showWebhook)
        workspace.put("webhook", use: setWebhook)
        workspace.delete("webhook", use: removeWebhook)
    }

    @Sendable static func retryPublication(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        _ = try await PublishingService.retry(access, postID: postID, publicationID: req.uuidParameter("publication"), on: req.db)
        return try await PostDetailDTO.make(try await PostService.find(access, id: postID, on: req.db), access: access,
                                            language: req.language, on: req.db)
    }

    /// Deletes the published post from its platform (a step of the publication; 202 while it runs).
    @Sendable static func removePublication(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        try await PublishingService.remove(access, postID: postID, publicationID: req.uuidParameter("publication"),
                                           connectors: req.application.connectors, on: req.db)
        return try await PostDetailDTO.make(try await PostService.find(access, id: postID, on: req.db), access: access,
                                            language: req.language, on: req.db).encodeResponse(status: .accepted, for: req)
    }

    /// `{"text":"…"}`: corrects the published post's text on its platform (a step; 202 while it runs).
    @Sendable static func editPublication(req: Request) async throws -> Response {
        let input = try req.decodeJSON(EditInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        try await PublishingService.edit(access, postID: postID, publicationID: req.uuidParameter("publication"), text: input.text,
                                         connectors: req.application.connectors, on: req.db)
        return try await PostDetailDTO.make(try await PostService.find(access, id: postID, on: req.db), access: access,
                                            language: req.language, on: req.db).encodeResponse(status: .accepted, for: req)
    }

    /// `{"seen":"published","url":"https://…"}` or `{"seen":"missing"}` after an unknown outcome.
    @Sendable static func resolvePublication(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        let input = try req.decodeJSON(ResolveInput.self)
        let sighting: PublishingService.Sighting
        switch input.seen {
        case "published": sighting = .published(url: input.url)
        case "missing": sighting = .missing
        default:
            throw ValidationError(code: "invalid_choice", field: "seen", message: .init(.errorInvalidChoice, input.seen ?? "", "published, missing"))
        }
        _ = try await PublishingService.resolve(access, postID: postID, publicationID: req.uuidParameter("publication"), sighting, on: req.db)
        return try await PostDetailDTO.make(try await PostService.find(access, id: postID, on: req.db), access: access,
                                            language: req.language, on: req.db)
    }

    @Sendable static func notifications(req: Request) async throws -> AttentionDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let attention = try await PublishingService.attention(access, on: req.db)
        return AttentionDTO(
            publications: attention.publications.map { publication in
                AttentionDTO.Problem(publication, language: req.language)
            },
            steps: try attention.steps.map { try AttentionDTO.Problem(step: $0, language: req.language) },
            channels: try attention.channels.map(ChannelDTO.init),
            notices: try attention.notices.map { notice in
                NoticeDTO(id: try notice.requireID(), kind: notice.kindName,
                          message: PublishingService.message(notice).rendered(in: req.language), postId: notice.$post.id,
                          channelId: notice.$channel.id, createdAt: notice.createdAt)
            },
            waiting: try WaitingDTO(try await WaitingService.queue(access, on: req.db)),
            publishingStopped: attention.stalled.map { AttentionDTO.Stopped($0, zone: access.workspace.zone, language: req.language) })
    }

    @Sendable static func dismissNotice(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await PublishingService.dismiss(access, noticeID: req.uuidParameter("notice"), on: req.db)
        return .noContent
    }

    @Sendable static func showWebhook(req: Request) async throws -> WebhookDTO {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.manageSettings)
        return WebhookDTO(url: access.workspace.webhookURL, secret: nil)
    }

    @Sendable static func setWebhook(req: Request) async throws -> WebhookDTO {
        let input = try req.decodeJSON(WebhookInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let secret = try await PublishingService.setWebhook(access, url: input.url, rotate: input.rotateSecret ?? false,
                                                            box: req.application.secretBox, outbound: req.application.connectors.outbound,
                                                            on: req.db)
        return WebhookDTO(url: access.workspace.webhookURL, secret: secret)
    }

    @Sendable static func removeWebhook(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await PublishingService.removeWebhook(access, on: req.db)
        return .noContent
    }
}

struct EditInput: JSONInput {
    var text: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case text }
}
