import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Campaigns: a list with a form for a new one; each campaign's page edits it and lists its posts.
enum CampaignsPage {
    static let fieldNames = ["name", "theme", "colour", "starts_on", "ends_on", "goal", "default_hashtags", "utm_source",
                             "utm_medium", "utm_campaign"]

    static func fields(_ req: Request) -> (CampaignService.Fields, [String: String]) {
        let v = Dictionary(uniqueKeysWithValues: fieldNames.compactMap { name in req.formValue(name).map { (name, $0) } })
        return (.init(name: v["name"], theme: v["theme"], colour: v["colour"], startsOn: v["starts_on"], endsOn: v["ends_on"],
                      goal: v["goal"], defaultHashtags: v["default_hashtags"], utmSource: v["utm_source"],
                      utmMedium: v["utm_medium"], utmCampaign: v["utm_campaign"]), v)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respondList(req, access: access, values: [:], error: nil)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let (input, values) = fields(req)
        do {
            let campaign = try await CampaignService.create(access, input, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .campaign(campaign.id)).path
                + "?done=\(L.campaignCreated.rawValue)")
        } catch let error as ValidationError {
            return try await respondList(req, access: access, values: values, error: error, status: .unprocessableEntity)
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let campaign = try await CampaignService.find(access, id: req.uuidParameter("campaign"), on: req.db)
        return try await respondCampaign(req, access: access, campaign: campaign, values: nil, error: nil)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("campaign")
        let (input, values) = fields(req)
        do {
            _ = try await CampaignService.update(access, id: id, input, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .campaign(id)).path + "?done=\(L.campaignSaved.rawValue)")
        } catch let error as ValidationError {
            let campaign = try await CampaignService.find(access, id: id, on: req.db)
            return try await respondCampaign(req, access: access, campaign: campaign, values: values, error: error,
                                             status: .unprocessableEntity)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await CampaignService.delete(access, id: req.uuidParameter("campaign"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .campaigns).path + "?done=\(L.campaignDeleted.rawValue)")
    }

    static func form(_ context: PageContext, action: String, values: [String: String], error: ValidationError?, submit: L) -> HTML {
        func field(_ name: String, _ label: L, type: String = "text", required: Bool = false, hint: String? = nil) -> HTML {
            Layout.field(context, name: name, label: context.t(label), value: values[name] ?? (name == "colour" ? "#2f5bea" : ""),
                         type: type, error: error, required: required, hint: hint)
        }
        return context.form(action, """
            \(Layout.formError(context, error, fields: Set(fieldNames)))
            \(field("name", .campaignName, required: true))
            \(field("theme", .campaignTheme))
            \(field("colour", .campaignColour, type: "color"))
            \(field("starts_on", .campaignStarts, type: "date"))
            \(field("ends_on", .campaignEnds, type: "date"))
            \(field("goal", .campaignGoal))
            \(field("default_hashtags", .campaignHashtags))
            \(field("utm_source", .campaignUTMSource, hint: "utm_source"))
            \(field("utm_medium", .campaignUTMMedium, hint: "utm_medium"))
            \(field("utm_campaign", .campaignUTMName, hint: "utm_campaign"))
            <button type="submit">\(context.t(submit))</button>
            """)
    }

    static func respondList(_ req: Request, access: WorkspaceAccess, values: [String: String], error: ValidationError?,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let campaigns = try await CampaignService.list(access, on: req.db)
        let context = try await PageContext.make(req, access: access)
        return .page(listView(context, access: access, campaigns: campaigns, values: values, error: error), status: status)
    }

    static func listView(_ context: PageContext, access: WorkspaceAccess, campaigns: [Campaign], values: [String: String],
                         error: ValidationError?) -> HTML {
        let items: [HTML] = campaigns.map { campaign in
            let dates = [campaign.startsOn, campaign.endsOn].compactMap { $0 }.joined(separator: " – ")
            return """
            <li class="card campaign"><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="3" fill="\(campaign.colour)"/></svg>
            <a href="\(SiteURL.workspace(access.workspaceID, .campaign(campaign.id)).path)"><strong>\(campaign.name)</strong></a>
            <small>\(campaign.theme) \(dates)</small></li>
            """
        }
        let list: HTML = items.isEmpty ? "<p class=\"muted\">\(context.t(.campaignsEmpty))</p>" : "<ul class=\"cards\">\(items)</ul>"
        let create: HTML = access.can(.editPosts)
            ? "<section><h2>\(context.t(.campaignCreate))</h2>\(form(context, action: SiteURL.workspace(access.workspaceID, .campaigns).path, values: values, error: error, submit: .create))</section>"
            : .empty
        return Layout.page(context, title: context.t(.navCampaigns), body: """
            <h1>\(context.t(.navCampaigns))</h1>
            \(list)
            \(create)
            """)
    }

    static func respondCampaign(_ req: Request, access: WorkspaceAccess, campaign: Campaign, values: [String: String]?,
                                error: ValidationError?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let posts = try await CampaignService.posts(of: campaign, access: access, on: req.db)
        let context = try await PageContext.make(req, access: access)
        return .page(campaignView(context, access: access, campaign: campaign, posts: posts, values: values, error: error), status: status)
    }

    static func campaignView(_ context: PageContext, access: WorkspaceAccess, campaign: Campaign, posts: [Post], values: [String: String]?,
                             error: ValidationError?) -> HTML {
        let current: [String: String] = values ?? [
            "name": campaign.name, "theme": campaign.theme, "colour": campaign.colour, "starts_on": campaign.startsOn ?? "",
            "ends_on": campaign.endsOn ?? "", "goal": campaign.goal, "default_hashtags": campaign.defaultHashtags,
            "utm_source": campaign.utmSource ?? "", "utm_medium": campaign.utmMedium ?? "", "utm_campaign": campaign.utmCampaign ?? "",
        ]
        let id = campaign.id
        let editor: HTML = access.can(.editPosts) ? """
            \(form(context, action: SiteURL.workspace(access.workspaceID, .campaign(id)).path, values: current, error: error, submit: .save))
            \(context.button(SiteURL.workspace(access.workspaceID, .campaignDelete(id)).path, context.t(.delete), danger: true))
            <p><a class="button" href="\(SiteURL.workspace(access.workspaceID, .compose).path)?campaign=\(id?.text ?? "")">\(context.t(.navCompose))</a></p>
            """ : "<p>\(campaign.theme)</p><p>\(campaign.goal)</p>"
        return Layout.page(context, title: campaign.name, body: """
            <h1>\(campaign.name)</h1>
            \(editor)
            <h2>\(context.t(.campaignPosts))</h2>
            \(SectionPages.postList(context, access: access, posts: posts))
            """)
    }
}
