import FluentKit
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit

/// Saved replies: answers the team reuses, with variables filled in from the item (`{name}`,
/// `{post_link}`, `{channel}`) or by the person answering (any other `{word}`).
package enum SavedReplyService {
    package static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [SavedReply] {
        try access.require(.viewPosts)
        return try await SavedReply.scoped(to: access.workspaceID, on: database).sort(\.$name).all()
    }

    package static func create(_ access: WorkspaceAccess, name raw: String?, language rawLanguage: String?, text rawText: String?,
                               on database: any Database) async throws -> SavedReply {
        try access.require(.editPosts)
        var problems = Problems()
        let checkedName = try problems.check { try Fields.name(raw, field: "name") }
        let text = (rawText ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            problems.add(ValidationError(code: "required", field: "text", message: .init(.errorRequired)))
        } else if text.count > 5000 {
            problems.add(ValidationError(code: "too_long", field: "text", message: .init(.errorTooLong, "5000", String(text.count - 5000))))
        } else {
            _ = try problems.check { try Fields.refuseNUL(text, field: "text") }
        }
        guard let name = checkedName, problems.isEmpty else { throw problems.error }
        var language: String?
        if let value = rawLanguage?.trimmingCharacters(in: .whitespaces), !value.isEmpty, value != "any" {
            language = try Fields.language(value, field: "language").rawValue
        }
        if try await SavedReply.scoped(to: access.workspaceID, on: database).filter(\.$name == name).first() != nil {
            throw AppError.conflict(ValidationError(code: "taken", field: "name", message: .init(.savedReplyNameTaken, name)))
        }
        try await WorkspaceLimits.ensureRoom(for: .savedReplies, SavedReply.self, in: access.workspaceID, on: database)
        let reply = SavedReply()
        reply.$workspace.id = access.workspaceID
        reply.name = name
        reply.language = language
        reply.text = text
        try await reply.create(on: database)
        return reply
    }

    package static func delete(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws {
        try access.require(.editPosts)
        guard let reply = try await find(access.workspaceID, id, on: database) else { throw AppError.notFound }
        try await reply.delete(on: database)
    }

    static func find(_ workspaceID: UUID, _ id: UUID, on database: any Database) async throws -> SavedReply? {
        try await SavedReply.scoped(to: workspaceID, on: database).filter(\.$id == id).first()
    }

    /// The saved replies to offer under `item`: those in its language first, then those for any language, then the rest.
    package static func ordered(_ replies: [SavedReply], for item: InboxItem) -> [SavedReply] {
        let language = TextWords.language(of: item.text)?.rawValue
        func rank(_ reply: SavedReply) -> Int { reply.language == language ? 0 : reply.language == nil ? 1 : 2 }
        return replies.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    /// A saved reply filled in for `item` as far as Herald can (its own variables left for the person).
    package static func draft(_ saved: SavedReply, for item: InboxItem, on database: any Database) async throws -> String {
        SavedReplyText.render(saved.text, values: try await InboxReplies.values(for: item, on: database)).text
    }

    /// A saved reply filled in for `item`, with `typed` values for its own variables; throws on the first one left empty.
    package static func text(_ access: WorkspaceAccess, savedReply id: UUID, item: InboxItem, typed: [String: String],
                             on database: any Database) async throws -> String {
        guard let saved = try await find(access.workspaceID, id, on: database) else {
            throw ValidationError(code: "not_found", field: "saved_reply", message: .init(.savedReplyUnknown, id.text))
        }
        let known = try await InboxReplies.values(for: item, on: database)
        let (text, missing) = SavedReplyText.render(saved.text, values: typed.merging(known) { typed, _ in typed })
        if let first = missing.first {
            throw ValidationError(code: "required", field: "variables.\(first)", message: .init(.savedReplyMissing, "{\(first)}"))
        }
        return text
    }
}
