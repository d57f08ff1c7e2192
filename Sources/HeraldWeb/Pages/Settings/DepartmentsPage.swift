import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Settings → Departments: who answers which part of the inbox. Everyone sees them; those who
/// manage settings add, staff and remove them.
enum DepartmentsPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, error: nil)
    }

    static func respond(_ req: Request, access: WorkspaceAccess, error: ValidationError?, name: String = "",
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let departments = try await DepartmentService.list(access, on: req.db)
        let members = try await TenancyQueries.members(of: access.workspaceID, on: req.db).map { ($0.$user.id, $0.user.name) }
        let context = try await PageContext.make(req, access: access)
        return .page(view(context, access: access, departments: departments, members: members, error: error, name: name), status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, departments: [DepartmentService.Entry], members: [(UUID, String)],
                     error: ValidationError?, name: String) -> HTML {
        let manage = access.can(.manageSettings)
        func checkboxes(_ chosen: [UUID], prefix: String) -> HTML {
            let boxes: [HTML] = members.map { id, name in
                let box = "\(prefix)-\(id.text)"
                return """
                <label for="\(box)" class="check"><input type="checkbox" id="\(box)" name="members[]" value="\(id.text)"\(chosen.contains(id) ? " checked" : "")> \(name)</label>
                """
            }
            return "<fieldset><legend>\(context.t(.departmentMembers))</legend>\(boxes)</fieldset>"
        }
        let rows: [HTML] = departments.map { entry in
            guard let id = entry.department.id else { return .empty }
            let names = entry.members.compactMap { member in members.first { $0.0 == member }?.1 }.joined(separator: ", ")
            let controls: HTML = manage ? """
                \(context.form(SiteURL.workspace(access.workspaceID, .departmentMembers(id)).path, """
                    \(checkboxes(entry.members, prefix: "d-\(id.text)"))
                    <button type="submit" class="secondary">\(context.t(.save))</button>
                    """))
                \(context.button(SiteURL.workspace(access.workspaceID, .departmentRemove(id)).path, context.t(.departmentRemove), danger: true))
                """ : .empty
            return """
            <li class="card"><h3>\(entry.department.name)</h3><p class="muted">\(names.isEmpty ? "—" : names)</p>\(controls)</li>
            """
        }
        let add: HTML = manage ? """
            <section><h2>\(context.t(.departmentAdd))</h2>
            \(Layout.formError(context, error, fields: ["name", "members"]))
            \(context.form(SiteURL.workspace(access.workspaceID, .departments).path, """
                \(Layout.field(context, name: "name", label: context.t(.channelName), value: name, error: error, hint: "Support, Sales, PR"))
                \(checkboxes([], prefix: "new"))
                <button type="submit">\(context.t(.departmentAdd))</button>
                """))
            </section>
            """ : .empty
        return Layout.page(context, title: context.t(.departmentsTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.departmentsTitle))</h2>
            <p class="hint">\(context.t(.departmentsHint))</p>
            \(rows.isEmpty ? "<p class=\"muted\">\(context.t(.departmentsEmpty))</p>" as HTML : "<ul class=\"cards\">\(rows)</ul>" as HTML)
            \(add)
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            _ = try await DepartmentService.create(access, name: req.formValue("name"), members: req.formValues("members"), on: req.db)
        } catch let error as ValidationError {
            return try await respond(req, access: access, error: error, name: req.formValue("name") ?? "", status: .unprocessableEntity)
        } catch AppError.conflict(let error) {
            return try await respond(req, access: access, error: error, name: req.formValue("name") ?? "", status: .conflict)
        }
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .departments).path)
    }

    @Sendable static func setMembers(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        _ = try await DepartmentService.setMembers(access, departmentID: try req.uuidParameter("department"),
                                                   members: req.formValues("members"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .departments).path)
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await DepartmentService.delete(access, departmentID: try req.uuidParameter("department"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .departments).path)
    }
}
