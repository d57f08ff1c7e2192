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

    /// `?status=open|waiting|done|all` (default all) and `?channel=<id>`.
    @Sendable static func list(req: Request) async throws -> ListDTO<InboxItemDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        let filter = try InboxService.Filter.parse(status: req.query[String.self, at: "status"], channel: req.query[String.self, at: "channel"])
        return ListDTO(items: try await InboxService.list(access, filter, on: req.db).map(InboxItemDTO.init))
    }

    @Sendable static func reply(req: Request) async throws -> Response {
        let input = try req.decodeJSON(InboxReplyInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let reply = try await InboxService.reply(access, itemID: req.uuidParameter("item"), text: input.text, box: req.application.secretBox,
                                                 connectors: req.application.connectors, on: req.db)
        return try await InboxItemDTO.Reply(reply).encodeResponse(status: .created, for: req)
    }

    @Sendable static func update(req: Request) async throws -> InboxItemDTO {
        let input = try req.decodeJSON(InboxStatusInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let item = try await InboxService.setStatus(access, itemID: req.uuidParameter("item"), input.status, on: req.db)
        let entry = try await InboxService.list(access, .init(), on: req.db).first { $0.item.id == item.id }
        return InboxItemDTO(entry ?? InboxService.Entry(item: item, replies: []))
    }
}

struct InboxReplyInput: JSONInput {
    var text: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case text }
}

struct InboxStatusInput: JSONInput {
    var status: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case status }
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
        replies = entry.replies.map(Reply.init)
    }
}
