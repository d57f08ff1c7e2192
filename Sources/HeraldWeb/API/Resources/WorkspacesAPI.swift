import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: Workspaces the token may use, their settings, and the export.
enum WorkspacesAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        api.get("workspaces", use: listWorkspaces)
        api.post("workspaces", use: createWorkspace)
        workspace.get(use: showWorkspace)
        workspace.patch(use: updateWorkspace)
        workspace.get("export", use: export)
    }

    @Sendable static func listWorkspaces(req: Request) async throws -> ListDTO<WorkspaceDTO> {
        let user = try req.requireUser()
        let rows = try await TenancyQueries.workspaces(of: user.requireID(), on: req.db)
        return ListDTO(items: try rows.map { try WorkspaceDTO($0.0, role: $0.1) })
    }

    @Sendable static func createWorkspace(req: Request) async throws -> Response {
        let input = try req.decodeJSON(WorkspaceInput.self)
        let workspace = try await WorkspaceService.create(
            by: req.requireUser(), .init(name: input.name, timeZone: input.timeZone, language: input.language), on: req.db)
        return try await WorkspaceDTO(workspace, role: .owner).encodeResponse(status: .created, for: req)
    }

    @Sendable static func showWorkspace(req: Request) async throws -> WorkspaceDTO {
        let access = try await WorkspaceAccess.resolve(req)
        return try WorkspaceDTO(access.workspace, role: access.role)
    }

    @Sendable static func updateWorkspace(req: Request) async throws -> WorkspaceDTO {
        let input = try req.decodeJSON(WorkspaceInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        var changes = WorkspaceService.Changes(name: input.name, timeZone: input.timeZone, language: input.language,
                                               approvalRequired: input.approvalRequired)
        changes.russianAdLabels = input.russianAdLabels
        changes.replyApproval = input.replyApproval
        let workspace = try await WorkspaceService.update(access, changes, on: req.db)
        return try WorkspaceDTO(workspace, role: access.role)
    }

    @Sendable static func export(req: Request) async throws -> Response {
        try await ExportDownload.download(req: req)
    }
}
