import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Departments of a workspace (support, sales, PR…): who answers which part of the inbox. Anyone
/// may see them; those who manage the workspace's settings create, staff and remove them.
package enum DepartmentService {
    package struct Entry: Sendable {
        package var department: Department
        package var members: [UUID]
    }

    package static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [Entry] {
        try access.require(.viewWorkspace)
        let departments = try await Department.scoped(to: access.workspaceID, on: database).with(\.$members).sort(\.$name).all()
        return departments.map { Entry(department: $0, members: $0.members.map { $0.$user.id }) }
    }

    /// A new department with these members (ids of the workspace's members).
    package static func create(_ access: WorkspaceAccess, name raw: String?, members: [String], on database: any Database) async throws -> Entry {
        try access.require(.manageSettings)
        let name = try Fields.name(raw, field: "name")
        let memberIDs = try await validMembers(access, members, on: database)
        if try await Department.scoped(to: access.workspaceID, on: database).filter(\.$name == name).first() != nil {
            throw AppError.conflict(ValidationError(code: "taken", field: "name", message: .init(.departmentNameTaken, name)))
        }
        try await WorkspaceLimits.ensureRoom(for: .departments, Department.self, in: access.workspaceID, on: database)
        let department = Department(workspaceID: access.workspaceID, name: name)
        try await database.writeTransaction { tx in
            try await department.create(on: tx)
            for id in memberIDs { try await DepartmentMember(departmentID: try department.requireID(), userID: id).create(on: tx) }
        }
        return Entry(department: department, members: memberIDs)
    }

    /// Replaces a department's members.
    package static func setMembers(_ access: WorkspaceAccess, departmentID: UUID, members: [String], on database: any Database) async throws -> Entry {
        try access.require(.manageSettings)
        guard let department = try await Department.scoped(to: access.workspaceID, on: database).filter(\.$id == departmentID).first() else {
            throw AppError.notFound
        }
        let memberIDs = try await validMembers(access, members, on: database)
        try await database.writeTransaction { tx in
            try await DepartmentMember.query(on: tx).filter(\.$department.$id == departmentID).delete()
            for id in memberIDs { try await DepartmentMember(departmentID: departmentID, userID: id).create(on: tx) }
        }
        return Entry(department: department, members: memberIDs)
    }

    /// Removes a department; its items keep everything else and belong to no department.
    package static func delete(_ access: WorkspaceAccess, departmentID: UUID, on database: any Database) async throws {
        try access.require(.manageSettings)
        guard let department = try await Department.scoped(to: access.workspaceID, on: database).filter(\.$id == departmentID).first() else {
            throw AppError.notFound
        }
        try await database.writeTransaction { tx in
            try await InboxItem.scoped(to: access.workspaceID, on: tx).filter(\.$departmentID == departmentID)
                .set(\.$departmentID, to: nil).update()
            try await department.delete(on: tx)
        }
    }

    private static func validMembers(_ access: WorkspaceAccess, _ raw: [String], on database: any Database) async throws -> [UUID] {
        let members = Set(try await TenancyQueries.members(of: access.workspaceID, on: database).map { $0.$user.id })
        var ids: [UUID] = []
        for value in raw.map({ $0.trimmingCharacters(in: .whitespaces) }) where !value.isEmpty {
            guard let id = UUID(text: value), members.contains(id) else {
                throw ValidationError(code: "not_a_member", field: "members", message: .init(.inboxNotAMember, value))
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}
