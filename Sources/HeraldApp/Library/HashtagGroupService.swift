import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Saved hashtag sets: everyone in the workspace sees them; writers keep them.
package enum HashtagGroupService {
    package static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [HashtagGroup] {
        try access.require(.viewPosts)
        return try await HashtagGroup.scoped(to: access.workspaceID, on: database).sort(\.$name).all()
    }

    package static func create(_ access: WorkspaceAccess, name: String?, tags: String?, on database: any Database) async throws -> HashtagGroup {
        try access.require(.editPosts)
        let group = HashtagGroup(workspaceID: access.workspaceID, name: try Fields.name(name, field: "name", maxLength: 80),
                                 tags: try HashtagSet.normalise(tags))
        try await WorkspaceLimits.ensureRoom(for: .hashtagGroups, HashtagGroup.self, in: access.workspaceID, on: database)
        try await group.save(on: database)
        return group
    }

    package static func update(_ access: WorkspaceAccess, id: UUID, name: String?, tags: String?, on database: any Database) async throws -> HashtagGroup {
        try access.require(.editPosts)
        guard let group = try await HashtagGroup.find(id, in: access.workspaceID, on: database) else { throw AppError.notFound }
        let newName = try name.map { try Fields.name($0, field: "name", maxLength: 80) }
        let newTags = try tags.map { try HashtagSet.normalise($0) }
        if let newName { group.name = newName }
        if let newTags { group.tags = newTags }
        try await group.save(on: database)
        return group
    }

    package static func delete(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws {
        try access.require(.editPosts)
        guard let group = try await HashtagGroup.find(id, in: access.workspaceID, on: database) else { throw AppError.notFound }
        try await group.delete(on: database)
    }
}
