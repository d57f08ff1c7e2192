import ArgumentParser
import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

/// `herald user create`: the first owner on a new install (same as the setup page), or another
/// user of the organisation, optionally added to a workspace with a role.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Create.self, PasswordLink.self])

    /// `herald user password-link --email a@b.c`: for an operator when the person cannot get e-mail.
    struct PasswordLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password-link",
            abstract: "Print a link that sets a new password for a user (once, within an hour): herald user password-link --email a@b.c")

        @Option(help: "The user's e-mail address") var email: String

        func run() async throws {
            let configuration = try Launch.configuration()
            do {
                try await Launch.standalone(configuration) { standalone in
                    let address = try EmailAddress.parse(email, field: "email")
                    guard let user = try await TenancyQueries.user(email: address, on: standalone.database) else {
                        Launch.printError("No user has the address \(address.value).")
                        throw ExitCode(1)
                    }
                    let link = try await PasswordLinks.make(user: user, purpose: .reset, baseURL: configuration.baseURL, on: standalone.database)
                    print(link)
                }
            } catch {
                throw Launch.report(error) ? ExitCode(2) : error
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user: herald user create --email a@b.c --name Anna [--workspace Acme --role editor]")

        @Option(help: "E-mail address (sign-in name)") var email: String?
        @Option(help: "Display name") var name: String?
        @Option(help: "Password (else $HERALD_NEW_PASSWORD, else asked)") var password: String?
        @Option(help: "Workspace name or id to add the user to (on a new install: the first workspace's name)")
        var workspace: String?
        @Option(help: "Role in that workspace: owner, admin, editor, approver, viewer (default editor)") var role: String?
        @Option(help: "Organisation name on a new install (default: Herald)") var organization: String?
        @Option(name: .customLong("time-zone"), help: "Time zone of the first workspace on a new install (default UTC)")
        var timeZone: String?
        @Flag(name: .customLong("organization-owner"), help: "May create workspaces") var organizationOwner = false

        func run() async throws {
            let configuration = try Launch.configuration()
            let password = password ?? ProcessInfo.processInfo.environment["HERALD_NEW_PASSWORD"] ?? Self.ask(email)
            do {
                try await Launch.standalone(configuration) { standalone in
                    try await create(password: password, runtime: standalone.runtime, on: standalone.database)
                }
            } catch {
                throw Launch.report(error) ? ExitCode(2) : error
            }
        }

        private func create(password: String?, runtime: HeraldRuntime, on db: any Database) async throws {
            if try await !TenancyQueries.isSetUp(on: db) {
                let (user, workspace) = try await AccountService.setUp(
                    .init(organizationName: organization ?? "Herald", name: name, email: email, password: password,
                          workspaceName: workspace ?? "Main", timeZone: timeZone ?? "UTC", language: "en"),
                    hasher: runtime.passwords, on: db)
                print("Created owner \(user.email) with workspace “\(workspace.name)”.")
                return
            }
            guard let organization = try await Organization.query(on: db).first() else { throw ExitCode(1) }
            let email = try EmailAddress.parse(email ?? "", field: "--email")
            let name = try Fields.name(name, field: "--name")
            let checked = try Fields.newPassword(password, field: "--password")
            let target = try await findWorkspace(workspace, on: db)
            let role = try role.map { try Fields.role($0, field: "--role") } ?? .editor
            let organizationRole: OrganizationRole = organizationOwner ? .owner : .member
            let user = try await db.writeTransaction { tx in
                let user = try await AccountService.createUser(
                    organizationID: try organization.requireID(), email: email, name: name, password: checked,
                    organizationRole: organizationRole, hasher: runtime.passwords, on: tx)
                if let target {
                    try await Membership(workspaceID: try target.requireID(), userID: try user.requireID(), role: role).save(on: tx)
                }
                return user
            }
            print("Created \(user.email)" + (target.map { " as \(role.rawValue) in “\($0.name)”" } ?? "") + ".")
        }

        private func findWorkspace(_ reference: String?, on db: any Database) async throws -> Workspace? {
            guard let reference else { return nil }
            if let id = UUID(text: reference), let workspace = try await Workspace.find(id, on: db) { return workspace }
            guard let workspace = try await Workspace.query(on: db).filter(\.$name == reference).first() else {
                throw HeraldCore.ValidationError(code: "not_found", field: "--workspace",
                                      message: .init(.errorBadRequest, "no workspace named “\(reference)”"))
            }
            return workspace
        }

        /// Asks at the terminal without echoing.
        private static func ask(_ email: String?) -> String? {
            guard let pointer = getpass("Password for \(email ?? "the new user"): ") else { return nil }
            return String(cString: pointer)
        }
    }
}
