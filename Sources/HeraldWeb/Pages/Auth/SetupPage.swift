import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// First run: create the organisation, its owner and a first workspace. Gone once done.
enum SetupPage {
    static let fields: Set<String> = ["organization_name", "name", "email", "password", "workspace_name", "time_zone"]

    @Sendable static func show(req: Request) async throws -> Response {
        guard try await !TenancyQueries.isSetUp(on: req.db) else { return req.redirect(to: SiteURL.login.path) }
        return .page(render(try await PageContext.make(req), values: [:], error: nil))
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let values = Dictionary(uniqueKeysWithValues: (fields.union(["language"])).compactMap { key in
            req.formValue(key).map { (key, $0) }
        })
        let input = AccountService.SetupInput(
            organizationName: values["organization_name"], name: values["name"], email: values["email"],
            password: values["password"], workspaceName: values["workspace_name"], timeZone: values["time_zone"],
            language: values["language"] ?? req.language.rawValue)
        do {
            let (user, _) = try await AccountService.setUp(input, hasher: req.application.runtime.passwords, on: req.db)
            let token = SecretToken.generate()
            try await UserSession(tokenHash: SecretToken.hash(token), userID: user.requireID(),
                                  expiresAt: Date().addingTimeInterval(TimeInterval(req.application.herald.sessionLifetimeSeconds)),
                                  now: Date(), userAgent: req.headers.first(name: .userAgent)).save(on: req.db)
            let response = req.redirect(to: SiteURL.workspaces.path + "?done=\(L.setupDone.rawValue)")
            response.cookies[CookieNames.session] = req.heraldCookie(token, maxAge: req.application.herald.sessionLifetimeSeconds)
            return response
        } catch let error as ValidationError {
            return .page(render(try await PageContext.make(req), values: values, error: error), status: .unprocessableEntity)
        } catch AppError.conflict(let error) where error.code == "already_set_up" {
            return req.redirect(to: SiteURL.login.path)
        }
    }

    static func render(_ context: PageContext, values: [String: String], error: ValidationError?) -> HTML {
        let field = { (name: String, label: L, type: String, autocomplete: String?) -> HTML in
            Layout.field(context, name: name, label: context.t(label), value: values[name] ?? "", type: type,
                         error: error, autocomplete: autocomplete)
        }
        return Layout.page(context, title: context.t(.setupTitle), body: """
            <h1>\(context.t(.setupTitle))</h1>
            <p>\(context.t(.setupIntro))</p>
            \(Layout.formError(context, error, fields: fields))
            \(context.form(SiteURL.setup.path, """
                \(field("organization_name", .setupOrganization, "text", "organization"))
                \(field("name", .yourName, "text", "name"))
                \(field("email", .email, "email", "email"))
                \(field("password", .password, "password", "new-password"))
                \(field("workspace_name", .setupFirstWorkspace, "text", nil))
                \(TimeZoneField.render(context, value: values["time_zone"] ?? "", error: error, detect: true))
                <button type="submit">\(context.t(.create))</button>
                """))
            """)
    }
}
