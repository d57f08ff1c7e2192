import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Members of the workspace: list, add (creating the account when new), change role, remove.
enum MembersPage {
    static let fields: Set<String> = ["email", "name", "password", "role"]

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, values: [:], error: nil)
    }

    @Sendable static func add(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let values = Dictionary(uniqueKeysWithValues: fields.compactMap { key in req.formValue(key).map { (key, $0) } })
        do {
            let added = try await MemberService.add(
                access, .init(email: values["email"], name: values["name"], password: values["password"], role: values["role"]),
                hasher: req.application.runtime.passwords, baseURL: req.application.herald.baseURL,
                mailOn: req.application.herald.smtp != nil, on: req.db)
            if let link = added.inviteLink {
                let shown = LinkShown(text: LocalizedText(.membersInviteLink, added.membership.user.email), link: link)
                return try await respond(req, access: access, values: [:], error: nil, shown: shown, status: .created)
            }
            return redirect(req, access, added.invitationMailed ? .membersInvited : .membersAdded)
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: values, error: error, status: .unprocessableEntity)
        } catch AppError.conflict(let error) {
            return try await respond(req, access: access, values: values, error: error, status: .conflict)
        }
    }

    @Sendable static func changeRole(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            _ = try await MemberService.changeRole(access, userID: req.uuidParameter("user"), role: req.formValue("role"),
                                                   on: req.db)
            return redirect(req, access, .membersRoleChanged)
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: [:], error: error, status: .unprocessableEntity)
        } catch AppError.conflict(let error) {
            return try await respond(req, access: access, values: [:], error: error, status: .conflict)
        }
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            try await MemberService.remove(access, userID: req.uuidParameter("user"), on: req.db)
            return redirect(req, access, .membersRemoved)
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: [:], error: error, status: .unprocessableEntity)
        } catch AppError.conflict(let error) {
            return try await respond(req, access: access, values: [:], error: error, status: .conflict)
        }
    }

    /// A member's password link, shown once to the one who made it.
    @Sendable static func passwordLink(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            let (user, link) = try await MemberService.passwordLink(access, userID: req.uuidParameter("user"),
                                                                   baseURL: req.application.herald.baseURL, on: req.db)
            let shown = LinkShown(text: LocalizedText(.membersPasswordLinkShown, user.email), link: link)
            return try await respond(req, access: access, values: [:], error: nil, shown: shown)
        } catch AppError.conflict(let error) {
            return try await respond(req, access: access, values: [:], error: error, status: .conflict)
        }
    }

    struct LinkShown {
        var text: LocalizedText
        var link: String
    }

    private static func redirect(_ req: Request, _ access: WorkspaceAccess, _ notice: L) -> Response {
        req.redirect(to: SiteURL.workspace(access.workspaceID, .members).path + "?done=\(notice.rawValue)")
    }

    static func respond(_ req: Request, access: WorkspaceAccess, values: [String: String], error: ValidationError?,
                        shown: LinkShown? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let members = try await TenancyQueries.members(of: access.workspaceID, on: req.db)
        return .page(view(try await PageContext.make(req, access: access), access: access, members: members, values: values,
                          error: error, shown: shown), status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, members: [Membership], values: [String: String],
                     error: ValidationError?, shown: LinkShown?) -> HTML {
        let manage = access.can(.manageMembers)
        let rows: [[HTML]] = members.map { membership in
            let userID = membership.$user.id
            let isMe = userID == access.userID
            var actions: HTML = .empty
            if manage, access.role.canAssign(membership.role) {
                actions = """
                \(context.form(SiteURL.workspace(access.workspaceID, .memberRole(userID)).path, """
                    \(Layout.select(context, name: "role", label: context.t(.role), options: Layout.roleOptions(context, assignableBy: access.role), selected: membership.role.rawValue, id: "role-\(userID.text)", hiddenLabel: true))
                    <button type="submit" class="secondary">\(context.t(.memberChangeRole))</button>
                    """, className: "row"))
                \(context.button(SiteURL.workspace(access.workspaceID, .memberPasswordLink(userID)).path, context.t(.membersPasswordLink)))
                \(context.button(SiteURL.workspace(access.workspaceID, .memberRemove(userID)).path, context.t(.memberRemove), danger: true))
                """
            }
            return ["\(membership.user.name)\(isMe ? " (\(context.t(.membersYou)))" : "")", "\(membership.user.email)",
                    "\(context.t(membership.role.label))", actions]
        }
        var addForm: HTML = .empty
        if manage {
            addForm = """
            <section><h2>\(context.t(.membersAdd))</h2><p class="muted">\(context.t(.membersAddIntro))</p>
            \(Layout.formError(context, error, fields: fields))
            \(context.form(SiteURL.workspace(access.workspaceID, .members).path, """
                \(Layout.field(context, name: "email", label: context.t(.email), value: values["email"] ?? "", type: "email", error: error))
                \(Layout.field(context, name: "name", label: context.t(.memberName), value: values["name"] ?? "", error: error, required: false))
                \(Layout.field(context, name: "password", label: context.t(.initialPassword), type: "password", error: error, required: false, autocomplete: "new-password"))
                \(Layout.select(context, name: "role", label: context.t(.role), options: Layout.roleOptions(context, assignableBy: access.role), selected: values["role"] ?? Role.editor.rawValue))
                <button type="submit">\(context.t(.membersAdd))</button>
                """))
            </section>
            """
        }
        return Layout.page(context, title: context.t(.membersTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.membersTitle))</h2>
            \(shown.map { "<div class=\"notice\" role=\"status\"><p>\(context.t($0.text))</p><p><code class=\"secret\">\($0.link)</code></p></div>" as HTML } ?? .empty)
            \(manage ? .empty : Layout.formError(context, error, fields: []))
            \(DataTable([.init(context.t(.memberName)), .init(context.t(.email)), .init(context.t(.role)), .init("")], cells: rows).html)
            \(addForm)
            """)
    }
}
