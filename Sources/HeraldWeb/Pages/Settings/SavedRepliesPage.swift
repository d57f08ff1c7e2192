import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Settings → Saved replies: answers the team reuses (with `{name}`, `{post_link}`, `{channel}` and
/// variables of their own), per language or for any.
enum SavedRepliesPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, values: [:], error: nil)
    }

    static func respond(_ req: Request, access: WorkspaceAccess, values: [String: String], error: ValidationError?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let replies = try await SavedReplyService.list(access, on: req.db)
        return .page(view(try await PageContext.make(req, access: access), access: access, replies: replies, values: values, error: error),
                     status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, replies: [SavedReply], values: [String: String],
                     error: ValidationError?) -> HTML {
        let edit = access.can(.editPosts)
        let rows: [HTML] = replies.map { saved in
            guard let id = saved.id else { return .empty }
            let language = saved.language.flatMap(Language.init(rawValue:))?.nativeName ?? context.t(.savedReplyAnyLanguage)
            let remove: HTML = edit ? context.button(SiteURL.workspace(access.workspaceID, .savedReplyRemove(id)).path,
                                                     context.t(.savedReplyRemove), danger: true) : .empty
            return "<li class=\"card\"><h3>\(saved.name) <small class=\"muted\">\(language)</small></h3><p class=\"inbox-text\">\(saved.text)</p>\(remove)</li>"
        }
        let form: HTML = edit ? """
            <section><h2>\(context.t(.savedReplyAdd))</h2>
            \(Layout.formError(context, error, fields: ["name", "text"]))
            \(context.form(SiteURL.workspace(access.workspaceID, .savedReplies).path, """
                \(Layout.field(context, name: "name", label: context.t(.channelName), value: values["name"] ?? "", error: error))
                \(Layout.select(context, name: "language", label: context.t(.savedReplyLanguage),
                                options: [("", context.t(.savedReplyAnyLanguage)), ("ru", Language.ru.nativeName), ("en", Language.en.nativeName)],
                                selected: values["language"] ?? ""))
                <label for="saved-text">\(context.t(.savedReplyText))</label>
                <textarea id="saved-text" name="text" rows="4" required aria-describedby="saved-text-hint">\(values["text"] ?? "")</textarea>
                <small id="saved-text-hint" class="hint">\(context.t(.savedReplyTextHint))</small>
                \(Layout.fieldError(context, error?.problem(with: "text"), name: "text"))
                <button type="submit">\(context.t(.savedReplyAdd))</button>
                """))
            </section>
            """ : .empty
        return Layout.page(context, title: context.t(.savedRepliesTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.savedRepliesTitle))</h2>
            <p class="hint">\(context.t(.savedRepliesHint))</p>
            \(rows.isEmpty ? "<p class=\"muted\">\(context.t(.savedRepliesEmpty))</p>" as HTML : "<ul class=\"cards\">\(rows)</ul>" as HTML)
            \(form)
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let values = ["name": req.formValue("name") ?? "", "language": req.formValue("language") ?? "", "text": req.formValue("text") ?? ""]
        do {
            _ = try await SavedReplyService.create(access, name: values["name"], language: values["language"], text: values["text"], on: req.db)
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: values, error: error, status: .unprocessableEntity)
        } catch AppError.conflict(let error) {
            return try await respond(req, access: access, values: values, error: error, status: .conflict)
        }
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .savedReplies).path)
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await SavedReplyService.delete(access, id: try req.uuidParameter("saved"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .savedReplies).path)
    }
}
