import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import SQLKit

/// Creating and changing workspaces.
package enum WorkspaceService {
    package struct Changes: Sendable {
        package var name: String?
        package var timeZone: String?
        package var language: String?
        package var approvalRequired: Bool?
        package var russianAdLabels: Bool? = nil
        package var replyApproval: Bool? = nil

        package init(name: String? = nil, timeZone: String? = nil, language: String? = nil, approvalRequired: Bool? = nil) {
            self.name = name
            self.timeZone = timeZone
            self.language = language
            self.approvalRequired = approvalRequired
        }
    }

    /// Organisation owners create workspaces and become their owners.
    package static func create(by user: User, _ input: Changes, on database: any Database) async throws -> Workspace {
        guard user.orgRole.canCreateWorkspaces else { throw AppError.forbidden(role: .viewer) }
        let name = try Fields.name(input.name, field: "name")
        let zone = try TimeZoneName.parse(input.timeZone ?? "UTC", field: "time_zone")
        let language = try input.language.map { try Fields.language($0, field: "language") } ?? .en
        return try await database.writeTransaction { tx in
            let workspace = Workspace(organizationID: user.$organization.id, name: name, timeZone: zone, language: language)
            try await workspace.save(on: tx)
            try await Membership(workspaceID: try workspace.requireID(), userID: try user.requireID(), role: .owner)
                .save(on: tx)
            return workspace
        }
    }

    /// Validates every field before changing any.
    package static func update(_ access: WorkspaceAccess, _ changes: Changes, on database: any Database) async throws -> Workspace {
        try access.require(.manageSettings)
        let name = try changes.name.map { try Fields.name($0, field: "name") }
        let zone = try changes.timeZone.map { try TimeZoneName.parse($0, field: "time_zone") }
        let language = try changes.language.map { try Fields.language($0, field: "language") }
        let workspace = access.workspace
        if let name { workspace.name = name }
        if let zone, zone.identifier != workspace.timeZone {
            // Every local hour and day of the analytics roll-up moves: it is filled again when next read.
            guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
            try await PublicationStats.forget(workspace: access.workspaceID, on: sql)
            workspace.timeZone = zone.identifier
        }
        if let language { workspace.language = language.rawValue }
        if let approvalRequired = changes.approvalRequired { workspace.approvalRequiredFlag = approvalRequired }
        if let russianAdLabels = changes.russianAdLabels { workspace.russianAdLabelsFlag = russianAdLabels }
        if let replyApproval = changes.replyApproval { workspace.replyApprovalFlag = replyApproval }
        try await workspace.save(on: database)
        return workspace
    }
}
