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
        var problems = Problems()
        let name = try problems.check { try Fields.name(input.name, field: "name") }
        let zone = try problems.check { try TimeZoneName.parse(input.timeZone ?? "UTC", field: "time_zone") }
        let language = try problems.check { try input.language.map { value in try Fields.language(value, field: "language") } ?? .en }
        guard let name, let zone, let language else { throw problems.error }
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
        var problems = Problems()
        let name = try problems.check { try changes.name.map { value in try Fields.name(value, field: "name") } }
        let zone = try problems.check { try changes.timeZone.map { value in try TimeZoneName.parse(value, field: "time_zone") } }
        let language = try problems.check { try changes.language.map { value in try Fields.language(value, field: "language") } }
        try problems.throwIfAny()
        let workspace = access.workspace
        if let name = name ?? nil { workspace.name = name }
        if let zone = zone ?? nil, zone.identifier != workspace.timeZone {
            // Every local hour and day of the analytics roll-up moves: it is filled again when next read.
            try await database.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                try await PublicationStats.forget(workspace: access.workspaceID, on: sql)
            }
            workspace.timeZone = zone.identifier
        }
        if let language = language ?? nil { workspace.language = language.rawValue }
        if let approvalRequired = changes.approvalRequired { workspace.approvalRequiredFlag = approvalRequired }
        if let russianAdLabels = changes.russianAdLabels { workspace.russianAdLabelsFlag = russianAdLabels }
        if let replyApproval = changes.replyApproval { workspace.replyApprovalFlag = replyApproval }
        try await workspace.save(on: database)
        return workspace
    }
}
