import Fluent
import HeraldCore
import HeraldStore
import Vapor

/// `herald user create`: the first owner on a new install (same as the setup page), or another
/// user of the organisation, optionally added to a workspace with a role.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "email", help: "E-mail address (sign-in name)")
        var email: String?
        @Option(name: "name", help: "Display name")
        var name: String?
        @Option(name: "password", help: "Password (else $HERALD_NEW_PASSWORD, else asked)")
        var password: String?
        @Option(name: "workspace", help: "Workspace name or id to add the user to (on a new install: the first workspace's name)")
        var workspace: String?
        @Option(name: "role", help: "Role in that workspace: owner, admin, editor, approver, viewer (default editor)")
        var role: String?
        @Option(name: "organization", help: "Organisation name on a new install (default: Herald)")
        var organization: String?
        @Option(name: "time-zone", help: "Time zone of the first workspace on a new install (default UTC)")
        var timeZone: String?
        @Flag(name: "organization-owner", help: "May create workspaces")
        var organizationOwner: Bool
    }

    var help: String { "Create a user: `herald user create --email a@b.c --name Anna [--workspace Acme --role editor]`" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else {
            context.console.error("Unknown action “\(signature.action)”; use: herald user create --email … --name …")
            throw ExitCode(2)
        }
        let app = context.application
        let password = signature.password ?? Environment.get("HERALD_NEW_PASSWORD")
            ?? context.console.ask("Password for \(signature.email ?? "the new user"):", isSecure: true)
        do {
            if try await !TenancyQueries.isSetUp(on: app.db) {
                let (user, workspace) = try await AccountService.setUp(
                    .init(organizationName: signature.organization ?? "Herald", name: signature.name, email: signature.email,
                          password: password, workspaceName: signature.workspace ?? "Main",
                          timeZone: signature.timeZone ?? "UTC", language: "en"),
                    hasher: app.password.async, on: app.db)
                context.console.print("Created owner \(user.email) with workspace “\(workspace.name)”.")
                return
            }
            guard let organization = try await Organization.query(on: app.db).first() else { throw ExitCode(1) }
            let email = try EmailAddress.parse(signature.email ?? "", field: "--email")
            let name = try Fields.name(signature.name, field: "--name")
            let checked = try Fields.newPassword(password, field: "--password")
            let workspace = try await findWorkspace(signature.workspace, app: app)
            let role = try signature.role.map { try Fields.role($0, field: "--role") } ?? .editor
            let user = try await app.db.writeTransaction { tx in
                let user = try await AccountService.createUser(
                    organizationID: try organization.requireID(), email: email, name: name, password: checked,
                    organizationRole: signature.organizationOwner ? .owner : .member, hasher: app.password.async, on: tx)
                if let workspace {
                    try await Membership(workspaceID: try workspace.requireID(), userID: try user.requireID(), role: role).save(on: tx)
                }
                return user
            }
            context.console.print("Created \(user.email)" + (workspace.map { " as \(role.rawValue) in “\($0.name)”" } ?? "") + ".")
        } catch let error as ValidationError {
            context.console.error("\(error.field ?? "input"): \(error.message.rendered(in: .en))")
            throw ExitCode(2)
        } catch let error as AppError {
            context.console.error("\(error.field ?? "input"): \(error.message.rendered(in: .en))")
            throw ExitCode(2)
        }
    }

    private func findWorkspace(_ reference: String?, app: Application) async throws -> Workspace? {
        guard let reference else { return nil }
        if let id = UUID(uuidString: reference), let workspace = try await Workspace.find(id, on: app.db) { return workspace }
        guard let workspace = try await Workspace.query(on: app.db).filter(\.$name == reference).first() else {
            throw ValidationError(code: "not_found", field: "--workspace",
                                  message: .init(.errorBadRequest, "no workspace named “\(reference)”"))
        }
        return workspace
    }
}
