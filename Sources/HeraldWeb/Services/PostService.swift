import Fluent
import HeraldCore
import HeraldStore
import Vapor

/// Draft posts. Platform rules and scheduling arrive with the composer and publishing issues.
enum PostService {
    static let maxTextLength = 100_000

    static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [Post] {
        try access.require(.viewPosts)
        return try await Post.scoped(to: access.workspaceID, on: database).sort(\.$createdAt, .descending).all()
    }

    static func find(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws -> Post {
        try access.require(.viewPosts)
        guard let post = try await Post.find(id, in: access.workspaceID, on: database) else { throw AppError.notFound }
        return post
    }

    static func create(_ access: WorkspaceAccess, text: String?, on database: any Database) async throws -> Post {
        try access.require(.editPosts)
        let post = Post(workspaceID: access.workspaceID, authorID: access.userID, text: try validText(text))
        try await post.save(on: database)
        return post
    }

    static func update(_ access: WorkspaceAccess, id: UUID, text: String?, on database: any Database) async throws -> Post {
        try access.require(.editPosts)
        let post = try await find(access, id: id, on: database)
        if let text { post.text = try validText(text) }
        try await post.save(on: database)
        return post
    }

    static func delete(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws {
        try access.require(.editPosts)
        try await find(access, id: id, on: database).delete(on: database)
    }

    static func validText(_ raw: String?) throws -> String {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError(code: "required", field: "text", message: .init(.errorRequired)) }
        guard text.count <= maxTextLength else {
            throw ValidationError(code: "too_long", field: "text",
                                  message: .init(.errorTooLong, String(maxTextLength), String(text.count - maxTextLength)))
        }
        return text
    }
}
