import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: the inbox — what the audience said, answering, open/waiting/done.
enum InboxAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("inbox", use: list)
        workspace.post("inbox", ":item", "reply", use: reply)
        workspace.patch("inbox", ":item", use: update)
    }

    /// `?status=open|waiting|done|all` (default all), `?channel=<id>`, `?assigned=me|none|<member id>`.
    @Sendable static func list(req: Request) async throws -> ListDTO<InboxItemDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        let filter = try InboxService.Filter.parse(status: req.query[String.self, at: "status"], channel: req.query[String.self, at: "channel"],
                                                   assigned: req.query[String.self, at: "assigned"], me: access.userID)
        return ListDTO(items: try await InboxService.list(access, filter, on: req.db).map(InboxItemDTO.init))
    }

    @Sendable static func reply(req: Request) async throws -> Response {
        let input = try req.decodeJSON(InboxReplyInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let reply = try await InboxService.reply(access, itemID: req.uuidParameter("item"), text: input.text, box: req.application.secretBox,
                                                 connectors: req.application.connectors, on: req.db)
        return try await InboxItemDTO.Reply(reply).encodeResponse(status: .created, for: req)
    }

    /// `{"status":"open|waiting|done"}` and/or `{"assigned_to":"<member id>|none"}`.
    @Sendable static func update(req: Request) async throws -> InboxItemDTO {
        let input = try req.decodeJSON(InboxStatusInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("item")
        guard input.status != nil || input.assignedTo != nil else {
            throw ValidationError(code: "required", field: "status", message: .init(.errorRequired))
        }
        var item: InboxItem?
        if let status = input.status { item = try await InboxService.setStatus(access, itemID: id, status, on: req.db) }
        if let assigned = input.assignedTo { item = try await InboxService.assign(access, itemID: id, to: assigned, on: req.db) }
        guard let item else { throw AppError.notFound }
        let replies = try await InboxReply.scoped(to: access.workspaceID, on: req.db).filter(\.$item.$id == id).sort(\.$createdAt).all()
        return InboxItemDTO(InboxService.Entry(item: item, replies: replies))
    }
}

struct InboxReplyInput: JSONInput {
    var text: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case text }
}

struct InboxStatusInput: JSONInput {
    var status: String?
    var assignedTo: String?
    enum CodingKeys: String, CodingKey, CaseIterable {
        case status
        case assignedTo = "assigned_to"
    }
}

struct InboxItemDTO: Content {
    struct Reply: Content {
        var id: UUID
        var text: String
        /// publishing, published, failed or unknown.
        var state: String
        var remoteId: String?
        var reason: String?
        var createdAt: Date?

        init(_ reply: InboxReply) {
            id = reply.id ?? UUID()
            text = reply.text
            state = reply.state
            remoteId = reply.remoteID
            reason = reply.reason
            createdAt = reply.createdAt
        }
    }

    var id: UUID
    var channelId: UUID
    var kind: String
    var status: String
    var authorId: String
    var authorName: String
    var text: String
    var at: Date
    var remoteId: String
    var postId: UUID?
    var assignedTo: UUID?
    var replies: [Reply]

    init(_ entry: InboxService.Entry) {
        let item = entry.item
        id = item.id ?? UUID()
        channelId = item.$channel.id
        kind = item.kindName
        status = item.statusName
        authorId = item.authorID
        authorName = item.authorName
        text = item.text
        at = item.at
        remoteId = item.remoteID
        postId = item.postID
        assignedTo = item.assignedTo
        replies = entry.replies.map(Reply.init)
    }
}
