import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Write a post once, pick its channels, adjust it per channel, mark it as an ad, and see what
/// every channel will accept as you type (the same checks run on the server when saving).
enum ComposerPage {
    /// The composer form as submitted.
    struct Form {
        var text = ""
        var channels: [UUID] = []
        var variants: [UUID: String] = [:]
        var firstComments: [UUID: String] = [:]
        var links: [UUID: String] = [:]
        /// Each channel's thread as typed: parts separated by a line of `---`.
        var threads: [UUID: String] = [:]
        var options: [UUID: [String: String]] = [:]
        var isAd = false
        var advertiser = ""
        var token = ""
        var campaign: UUID?
        var media: [UUID] = []

        init() {}

        init(_ req: Request) {
            text = req.formValue("text") ?? ""
            channels = ((try? req.content.get([String].self, at: "channels")) ?? []).compactMap(UUID.init(text:))
            for id in channels {
                if let own = req.formValue("variant_text_\(id.text)") { variants[id] = own }
                if let comment = req.formValue("variant_comment_\(id.text)") { firstComments[id] = comment }
                if let link = req.formValue("variant_link_\(id.text)") { links[id] = link }
                if let thread = req.formValue("variant_thread_\(id.text)") { threads[id] = thread }
                let prefix = "variant_option_\(id.text)_"
                for option in Platform.allCases.flatMap(PlatformOption.catalogue(for:)) {
                    if let value = req.formValue(prefix + option.key) { options[id, default: [:]][option.key] = value }
                }
            }
            isAd = req.formValue("is_ad") != nil
            advertiser = req.formValue("ad_advertiser") ?? ""
            token = req.formValue("ad_token") ?? ""
            campaign = req.formValue("campaign_id").flatMap(UUID.init(text:))
            media = ((try? req.content.get([String].self, at: "media")) ?? []).compactMap(UUID.init(text:))
        }

        init(post: Post, targets: [PostTarget]) {
            text = post.text
            channels = targets.map { $0.$channel.id }
            for target in targets {
                if let own = target.text { variants[target.$channel.id] = own }
                if let comment = target.firstComment { firstComments[target.$channel.id] = comment }
                if let link = target.link { links[target.$channel.id] = link }
                if !target.thread.isEmpty { threads[target.$channel.id] = ThreadText.join(target.thread) }
                options[target.$channel.id] = target.options
            }
            isAd = post.isAd
            advertiser = post.adAdvertiser ?? ""
            token = post.adToken ?? ""
            campaign = post.campaignID
            media = post.mediaIDs
        }

        var draft: PostService.Draft {
            PostService.Draft(
                text: text, channels: channels,
                variants: channels.map {
                    .init(channelID: $0, text: variants[$0], firstComment: firstComments[$0], link: links[$0], options: options[$0] ?? [:],
                          thread: threads[$0].map(ThreadText.split))
                },
                ad: isAd ? .init(advertiser: advertiser, token: token) : nil, removeAd: !isAd,
                campaign: campaign.map { .set($0) } ?? .clear, media: media)
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await composer(req, access: access, form: Form(), post: nil, error: nil)
    }

    /// Saves (or, with `action=check`, only checks: the no-JavaScript path).
    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.editPosts)
        let form = Form(req)
        let postID = req.parameters.get("post").flatMap(UUID.init(text:))
        if req.formValue("action") == "check" {
            return try await composer(req, access: access, form: form, post: postID, error: nil)
        }
        do {
            let post = if let postID {
                try await PostService.update(access, id: postID, form.draft, on: req.db)
            } else {
                try await PostService.create(access, form.draft, on: req.db)
            }
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(post.id)).path
                + "?done=\((postID == nil ? L.postSaved : .postUpdated).rawValue)")
        } catch let error as ValidationError {
            return try await composer(req, access: access, form: form, post: postID, error: error, status: .unprocessableEntity)
        }
    }

    /// A published post is posted again as a copy: a new draft with the same content.
    @Sendable static func duplicate(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let copy = try await PostService.duplicate(access, id: try req.uuidParameter("post"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(copy.id)).path + "?done=\(L.postDuplicated.rawValue)")
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await postPage(req, access: access, id: try req.uuidParameter("post"), scheduleError: nil)
    }

    /// A post's page: the composer filled in, and its schedule; once the post is out, what went out.
    static func postPage(_ req: Request, access: WorkspaceAccess, id: UUID, scheduleError: ValidationError?,
                         approvalError: ValidationError? = nil, link: (String, Date)? = nil,
                         status: HTTPResponseStatus = .ok) async throws -> Response {
        let screen = try await PostScreen.load(access, id: id, connectors: req.application.connectors, on: req.db)
        // A post that is out (or may be) on any channel cannot change: what went out is shown instead of the form.
        let form = Form(post: screen.post, targets: screen.targets)
        let composer = screen.isOut ? nil : try await ComposerScreen.load(access, draft: form.draft, drafts: nil, on: req.db)
        let typed = scheduleError == nil ? [:]
            : ["date": req.formValue("date"), "time": req.formValue("time"), "time_zone": req.formValue("time_zone")].compactMapValues { $0 }
        return .page(postView(try await PageContext.make(req, access: access), access: access, screen, form: form, composer: composer,
                              scheduleError: scheduleError, typed: typed, approvalError: approvalError, link: link), status: status)
    }

    /// `form`: the post as the composer's fields; `composer`: nil once the post is out (the page
    /// then shows what went out, and nothing to edit). `typed`: the schedule as the person entered
    /// it, kept when it was refused.
    static func postView(_ context: PageContext, access: WorkspaceAccess, _ screen: PostScreen, form: Form, composer: ComposerScreen?,
                         scheduleError: ValidationError?, typed: [String: String], approvalError: ValidationError?,
                         link: (String, Date)?) -> HTML {
        let previews = PostPreview.cards(screen.previews, access: access)
        let publishing = PublishingPanel.render(context, access: access, screen.publishing)
        guard let composer else {
            return PublishedPostView.page(context, access: access, post: screen.post, campaign: screen.campaignName,
                                          previews: previews, publishing: publishing, events: screen.events)
        }
        return view(context, access: access, form: form, post: screen.post.id, screen: composer, error: nil, extra: """
            \(previews.isEmpty ? .empty : "<section><h2>\(context.t(.previewsTitle))</h2><div class=\"previews\">\(previews)</div></section>" as HTML)
            \(publishing)
            \(ApprovalPanel.render(context, access: access, post: screen.post, events: screen.events, link: link, error: approvalError))
            \(SchedulePanel.render(context, access: access, post: screen.post, error: scheduleError, typed: typed))
            """)
    }

    /// The checks panel alone, for the composer script.
    @Sendable static func check(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.viewPosts)
        let context = try await PageContext.make(req, access: access)
        let results = try await ComposerChecks.run(access, Form(req).draft, findings: true, on: req.db)
        let response = Response(status: .ok, body: .init(string: ChecksPanel.content(context, results).rendered))
        response.headers.contentType = .html
        return response
    }

    /// The composer for a new post (with the workspace's drafts below) or a post not yet out.
    static func composer(_ req: Request, access: WorkspaceAccess, form: Form, post: UUID?, error: ValidationError?,
                         status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try PageRequest.parse(limit: nil, offset: try? req.query.get(String.self, at: "offset"))
        let screen = try await ComposerScreen.load(access, draft: form.draft, drafts: post == nil ? page : nil, on: req.db)
        let context = try await PageContext.make(req, access: access)
        return .page(view(context, access: access, form: form, post: post, screen: screen, error: error,
                          campaign: (try? req.query.get(String.self, at: "campaign")) ?? "", page: page), status: status)
    }

    /// `campaign`: the campaign picked when the form has none (the calendar's "new post in this campaign").
    static func view(_ context: PageContext, access: WorkspaceAccess, form: Form, post: UUID?, screen: ComposerScreen,
                     error: ValidationError?, campaign: String = "", page: PageRequest = PageRequest(), extra: HTML = .empty) -> HTML
    {
        let (channels, campaigns, library, groups) = (screen.channels, screen.campaigns, screen.library, screen.hashtagGroups)
        let campaignTags = campaigns.filter { !$0.defaultHashtags.isEmpty }.map { ($0.name, $0.defaultHashtags) }
        let inserts: [HTML] = (groups.map { ($0.name, $0.tags) } + campaignTags).map { name, tags in
            "<button type=\"button\" class=\"secondary insert\" data-insert=\"\(tags)\" title=\"\(tags)\">\(name)</button>"
        }
        let insertBar: HTML = inserts.isEmpty ? .empty : "<div class=\"row inserts\"><small>\(context.t(.hashtagInsert))</small>\(inserts)</div>"
        let mediaPicker: HTML = library.isEmpty ? .empty : """
            <fieldset><legend>\(context.t(.composeMedia))</legend><ul class="media-picks">\(library.map { file -> HTML in
                let checked: HTML = form.media.contains(file.id!) ? " checked" : ""
                return "<li><label class=\"check\"><input type=\"checkbox\" name=\"media[]\" value=\"\(file.id!.text)\"\(checked)> \(LibraryPage.thumbnail(access, file)) <small>\(file.fileName)</small></label></li>"
            })</ul></fieldset>
            """
        let campaignPicker: HTML = campaigns.isEmpty ? .empty : Layout.select(
            context, name: "campaign_id", label: context.t(.campaignField),
            options: [("", context.t(.campaignNone))] + campaigns.map { ($0.id!.text, $0.name) },
            selected: form.campaign?.text ?? campaign)
        let results = screen.checks
        let action = SiteURL.workspace(access.workspaceID, post.map { .post($0) } ?? .compose).path
        let boxes: [HTML] = channels.map { channel in
            let id = channel.id!
            let checked: HTML = form.channels.contains(id) ? " checked" : ""
            return """
            <li><label class="check"><input type="checkbox" name="channels[]" value="\(id.text)"\(checked)>
            \(channel.name) <small>\(channel.platform?.displayName ?? channel.platformName)</small></label>
            <details\(form.variants[id]?.isEmpty == false || form.threads[id]?.isEmpty == false ? " open" as HTML : .empty)><summary>\(context.t(LocalizedText(.composeVariant, channel.name)))</summary>
            <textarea name="variant_text_\(id.text)" rows="3" aria-label="\(context.t(LocalizedText(.composeVariant, channel.name)))">\(form.variants[id] ?? "")</textarea>
            <label>\(context.t(.composeFirstComment))<input name="variant_comment_\(id.text)" value="\(form.firstComments[id] ?? "")"></label>
            <label>\(context.t(.composeLink))<input name="variant_link_\(id.text)" type="url" value="\(form.links[id] ?? "")"></label>
            <label>\(context.t(.composeThread))<textarea name="variant_thread_\(id.text)" rows="3" aria-describedby="thread-hint-\(id.text)">\(form.threads[id] ?? "")</textarea></label>
            <small class="hint" id="thread-hint-\(id.text)">\(context.t(.composeThreadHint))</small>
            \(optionInputs(context, channel: id, platform: channel.platform, values: form.options[id] ?? [:]))
            </details></li>
            """
        }
        let channelList: HTML = channels.isEmpty
            ? "<p class=\"muted\">\(context.t(.composeNoChannels))</p>"
            : "<ul class=\"channel-picks\">\(boxes)</ul>"
        let textProblem = error?.problem(with: "text")
        let editor: HTML = access.can(.editPosts) ? """
            <form method="post" action="\(action)" class="stack composer" data-check-url="\(SiteURL.workspace(access.workspaceID, .composeCheck).path)">
            \(context.csrfField)
            <fieldset class="plain">
            \(Layout.formError(context, error, fields: ["text"]))
            <label for="text">\(context.t(.postText))</label>
            <textarea id="text" name="text" rows="6" required\(textProblem != nil ? " aria-invalid=\"true\" aria-describedby=\"text-error\"" as HTML : .empty)>\(form.text)</textarea>
            \(Layout.fieldError(context, textProblem, name: "text"))
            \(insertBar)
            \(mediaPicker)
            <fieldset><legend>\(context.t(.composeChannels))</legend>\(channelList)</fieldset>
            \(campaignPicker)
            \(access.workspace.russianAdLabels || form.isAd ? """
            <fieldset><legend><label class="check"><input type="checkbox" name="is_ad" value="1"\(form.isAd ? " checked" as HTML : .empty)> \(context.t(.composeIsAd))</label></legend>
            \(Layout.field(context, name: "ad_advertiser", label: context.t(.composeAdvertiser), value: form.advertiser, error: error, required: false))
            \(Layout.field(context, name: "ad_token", label: context.t(.composeAdToken), value: form.token, error: error, required: false))
            </fieldset>
            """ as HTML : .empty)
            <div class="row"><button type="submit">\(context.t(.postSaveDraft))</button>
            <button type="submit" name="action" value="check" class="secondary">\(context.t(.composeCheck))</button></div>
            </fieldset>
            </form>
            """ : .empty
        let posts = screen.drafts ?? ([], nil)
        return Layout.page(context, title: context.t(post == nil ? .navCompose : .postEdit), body: """
            <h1>\(context.t(post == nil ? .navCompose : .postEdit))</h1>
            \(post == nil && access.can(.editPosts) ? "<p><a href=\"\(SiteURL.workspace(access.workspaceID, .importPosts).path)\">\(context.t(.importTitle))</a></p>" as HTML : .empty)
            <div class="composer-layout">
            <div>\(editor)</div>
            <section id="checks" class="checks" aria-live="polite">\(ChecksPanel.content(context, results))</section>
            </div>
            \(extra)
            \(post == nil ? "<h2>\(context.t(.postsTitle))</h2>\(SectionPages.postList(context, access: access, posts: posts.items))\(Layout.morePages(context, path: SiteURL.workspace(access.workspaceID, .compose).path, page: page, next: posts.next))" as HTML : .empty)
            <script src="\(SiteURL.composerScript.path)" defer></script>
            """)
    }
}

extension ComposerPage {
    /// The platform's own options for one channel, as form inputs.
    static func optionInputs(_ context: PageContext, channel: UUID, platform: Platform?, values: [String: String]) -> HTML {
        guard let platform else { return .empty }
        let inputs: [HTML] = PlatformOption.catalogue(for: platform).map { option in
            let name = "variant_option_\(channel.text)_\(option.key)"
            switch option.kind {
            case .flag:
                let checked: HTML = values[option.key] == "true" ? " checked" : ""
                return "<label class=\"check\"><input type=\"checkbox\" name=\"\(name)\" value=\"true\"\(checked)> \(context.t(option.label))</label>"
            case .choice(let choices):
                return Layout.select(context, name: name, label: context.t(option.label), options: [("", "—")] + choices.map { ($0, PlatformOption.label(ofChoice: $0).map(context.t) ?? $0) },
                                     selected: values[option.key] ?? "")
            case .text:
                return "<label>\(context.t(option.label))<input name=\"\(name)\" value=\"\(values[option.key] ?? "")\"></label>"
            }
        }
        return inputs.joined()
    }
}

/// Per channel: length against the limit, and each finding, blocks first.
enum ChecksPanel {
    static func content(_ context: PageContext, _ results: [ComposerChecks.Result]) -> HTML {
        guard !results.isEmpty else {
            return "<h2>\(context.t(.checksTitle))</h2><p class=\"muted\">\(context.t(.checksNone))</p>"
        }
        let items: [HTML] = results.map { result in
            let check = result.check
            let findings: [HTML] = check.findings.map {
                "<li class=\"\($0.severity.rawValue)\">\(context.t($0.message))</li>"
            }
            let over = check.length > check.limit
            return """
            <li class="check-result \(check.isPublishable ? "ok" : "blocked")" data-platform="\(check.platform.rawValue)">
            <strong>\(result.channel.name)</strong> <small>\(check.platform.displayName)</small>
            <span class="counter\(over ? " over" : "")">\(check.length) / \(check.limit)</span>
            \(check.isPublishable ? "<p class=\"ready\">\(context.t(.checksReady))</p>" as HTML : .empty)
            \(findings.isEmpty ? .empty : "<ul>\(findings)</ul>" as HTML)
            \(result.finding.map { "<p class=\"finding clear\">\(ContentFindingsView.composerSentence(context, channel: result.channel.name, $0))</p>" as HTML })
            </li>
            """
        }
        return "<h2>\(context.t(.checksTitle))</h2><ul class=\"check-list\">\(items)</ul>"
    }
}
