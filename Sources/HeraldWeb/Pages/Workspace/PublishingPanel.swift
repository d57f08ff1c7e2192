import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import Vapor

/// How each channel's publication stands, in words a person can act on.
enum PublishingPanel {
    /// The state in a sentence from the catalogue, then the platform's own words, quoted.
    static func line(_ context: PageContext, _ publication: PublicationRecord) -> HTML {
        let description = PublicationDescription(publication, channel: publication.channel)
        let said: HTML = description.platformSaid.map { " <q class=\"platform-said\">\(context.t($0))</q>" as HTML } ?? .empty
        switch publication.state {
        case .published(_, let url, let at):
            let link: HTML = url.flatMap { $0.hasPrefix("http") ? $0 : nil }
                .map { " <a href=\"\($0)\" rel=\"noopener\">\(context.t(.pubOpen))</a>" as HTML } ?? .empty
            return "<span class=\"ready\">\(context.t(LocalizedText(.pubPublished, context.date(at))))</span>\(link)"
        case .failed:
            return "<span class=\"error-text\">\(context.t(description.summary))</span>\(said)"
        case .scheduled, .publishing, .unknown:
            return "\(context.t(description.summary))\(said)"
        }
    }

    /// How a step that is an action on the platform (deleting, correcting) stands: done, or as any step.
    static func doneLine(_ context: PageContext, _ step: PublicationStep, channel: SocialChannel) -> HTML {
        if case .published(_, _, let at) = step.state { return "\(context.t(LocalizedText(.stepDone, context.date(at))))" }
        return stepLine(context, step, channel: channel)
    }

    /// How a first comment stands: published (with a link), waiting, or what went wrong.
    static func stepLine(_ context: PageContext, _ step: PublicationStep, channel: SocialChannel) -> HTML {
        switch step.state {
        case .published(_, let url, let at):
            let link: HTML = url.flatMap { $0.hasPrefix("http") ? $0 : nil }
                .map { " <a href=\"\($0)\" rel=\"noopener\">\(context.t(.pubOpen))</a>" as HTML } ?? .empty
            return "\(context.t(LocalizedText(.pubPublished, context.date(at))))\(link)"
        case .scheduled: return "\(context.t(.pubScheduled))"
        case .publishing: return "\(context.t(.pubPublishing))"
        case .failed(let problem, let message), .unknown(let problem, let message):
            let said: HTML = PublicationProblem.platformSaid(channel.platform, message).map { " <q>\(context.t($0))</q>" as HTML } ?? .empty
            return "<span class=\"error-text\">\(context.t(problem.sentence(channel: channel.name, platform: channel.platform)))</span>\(said)"
        }
    }

    /// The two answers a person can give after an unknown outcome.
    static func sightingForms(_ context: PageContext, access: WorkspaceAccess, _ publication: PublicationRecord) -> HTML {
        guard publication.kind == .unknown, access.can(.editPosts), let id = publication.id else { return .empty }
        let path = SiteURL.workspace(access.workspaceID, .publicationResolve(publication.$post.id, id)).path
        let seen: HTML = """
            <input type="hidden" name="seen" value="published">
            <label for="url-\(id.text)">\(context.t(.pubResolveURL))</label> <input id="url-\(id.text)" name="url" type="url">
            <button type="submit">\(context.t(.pubMarkPublished))</button>
            """
        let missing: HTML = "<input type=\"hidden\" name=\"seen\" value=\"missing\"><button type=\"submit\">\(context.t(.pubSendAgain))</button>"
        return "\(context.form(path, seen, className: "inline"))\(context.form(path, missing, className: "inline"))"
    }

    @Sendable static func resolve(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        let sighting: PublishingService.Sighting
        switch req.formValue("seen") {
        case "published": sighting = .published(url: req.formValue("url"))
        case "missing": sighting = .missing
        default:
            throw ValidationError(code: "invalid_choice", field: "seen",
                                  message: .init(.errorInvalidChoice, req.formValue("seen") ?? "", "published, missing"))
        }
        _ = try await PublishingService.resolve(access, postID: postID, publicationID: req.uuidParameter("publication"), sighting,
                                                on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(postID)).path + "?done=\(L.pubResolved.rawValue)")
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        try await PublishingService.edit(access, postID: postID, publicationID: req.uuidParameter("publication"), text: req.formValue("text"),
                                         connectors: req.application.connectors, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(postID)).path + "?done=\(L.editRequested.rawValue)")
    }

    /// A box with the text as it now stands on the platform, to correct it there.
    static func editForm(_ context: PageContext, access: WorkspaceAccess, _ publication: PublicationRecord, current: String,
                         editable: Bool) -> HTML {
        guard editable, publication.kind == .published, access.can(.editPosts), let id = publication.id else { return .empty }
        let name = publication.channel.platform?.displayName ?? publication.channel.platformName
        return context.form(SiteURL.workspace(access.workspaceID, .publicationEdit(publication.$post.id, id)).path, """
            <details><summary>\(context.t(LocalizedText(.editButton, name)))</summary>
            <p class="hint">\(context.t(LocalizedText(.editHint, name)))</p>
            <label for="edit-\(id.text)" class="visually-hidden">\(context.t(LocalizedText(.editButton, name)))</label>
            <textarea id="edit-\(id.text)" name="text" rows="4" required>\(current)</textarea>
            <button type="submit" class="secondary">\(context.t(LocalizedText(.editButton, name)))</button>
            </details>
            """)
    }

    /// Deleting from the platform takes a ticked box, so one click cannot do it.
    @Sendable static func remove(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        guard req.formValue("confirm") == "yes" else {
            throw ValidationError(code: "required", field: "confirm", message: .init(.errorRequired))
        }
        try await PublishingService.remove(access, postID: postID, publicationID: req.uuidParameter("publication"),
                                           connectors: req.application.connectors, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(postID)).path + "?done=\(L.removeRequested.rawValue)")
    }

    /// The box and button that delete a published post from its platform, where the platform allows it.
    static func removeForm(_ context: PageContext, access: WorkspaceAccess, _ publication: PublicationRecord, removal: PublicationStep?,
                           deletable: Bool) -> HTML {
        guard deletable, publication.kind == .published, access.can(.editPosts), let id = publication.id,
              removal == nil || removal?.state.kind == .failed else { return .empty }
        let name = publication.channel.platform?.displayName ?? publication.channel.platformName
        let path = SiteURL.workspace(access.workspaceID, .publicationRemove(publication.$post.id, id)).path
        return context.form(path, """
            <details><summary>\(context.t(LocalizedText(.removeButton, name)))</summary>
            <label class="check"><input type="checkbox" name="confirm" value="yes" required> \(context.t(LocalizedText(.removeConfirm, name)))</label>
            <button type="submit" class="danger">\(context.t(LocalizedText(.removeButton, name)))</button>
            </details>
            """, className: "inline")
    }

    @Sendable static func retry(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        _ = try await PublishingService.retry(access, postID: postID, publicationID: req.uuidParameter("publication"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(postID)).path + "?done=\(L.pubRetried.rawValue)")
    }

    static func render(_ context: PageContext, access: WorkspaceAccess, _ publishing: [PostScreen.Publishing]) -> HTML {
        guard !publishing.isEmpty else { return .empty }
        var items: [HTML] = []
        for shown in publishing {
            let status = shown.status
            let publication = status.publication
            var extra: HTML = .empty
            if let hold = status.hold {
                extra = " <small>\(context.t(LocalizedText(.pubHeld, context.date(hold.until), context.t(hold.hold.sentence))))</small>"
            }
            if let counts = status.engagement {
                let numbers = [SandboxEventKind.like, .share, .comment, .click, .message, .follow].map { String(counts[$0] ?? 0) }
                extra = "\(extra)<br><small class=\"engagement\">\(context.t(LocalizedText(.sandboxEngagement, arguments: numbers)))</small>"
            }
            if !shown.conversation.isEmpty {
                let lines: [HTML] = shown.conversation.map { event in
                    let kind = context.t(event.kind == .message ? .sandboxMessage : .sandboxComment)
                    return "<li><strong>@\(event.author)</strong> (\(kind), \(context.date(event.at))): \(event.text ?? "")</li>"
                }
                extra = "\(extra)<details><summary>\(context.t(.sandboxConversation))</summary><ul>\(lines)</ul></details>"
            }
            // The Sandbox's live counts above already say what its synced readings would repeat.
            if !status.metrics.isEmpty, status.engagement == nil {
                let numbers = PostMetric.allCases.compactMap { metric in
                    status.metrics[metric].map { "\(context.t(metric.label)) \($0)" }
                }.joined(separator: " · ")
                extra = "\(extra)<br><small class=\"engagement\">\(numbers)</small>"
            }
            extra = "\(extra)\(MetricSeriesView.render(context, id: "series-\(publication.id?.text.lowercased() ?? "")", status.series))"
            extra = "\(extra)\(sightingForms(context, access: access, publication))"
            if let step = status.firstComment {
                extra = "\(extra)<br><small>\(context.t(.composeFirstComment)): \(stepLine(context, step, channel: publication.channel))</small>"
            }
            if let step = status.removal {
                let name = publication.channel.platform?.displayName ?? publication.channel.platformName
                extra = "\(extra)<br><small>\(context.t(LocalizedText(.stepRemoval, name))): \(doneLine(context, step, channel: publication.channel))</small>"
            }
            for step in status.edits {
                let name = publication.channel.platform?.displayName ?? publication.channel.platformName
                extra = "\(extra)<br><small>\(context.t(LocalizedText(.stepEdit, name))): \(doneLine(context, step, channel: publication.channel)) — <q>\(step.text)</q></small>"
            }
            if status.removal == nil {
                extra = "\(extra)\(editForm(context, access: access, publication, current: shown.current, editable: shown.editable))"
            }
            extra = "\(extra)\(removeForm(context, access: access, publication, removal: status.removal, deletable: shown.deletable))"
            if let step = status.pin {
                extra = "\(extra)<br><small>\(context.t(.stepPin)): \(stepLine(context, step, channel: publication.channel))</small>"
            }
            for step in status.thread {
                guard case .threadPart(let number)? = step.kind else { continue }
                extra = "\(extra)<br><small>\(context.t(LocalizedText(.stepThreadPart, String(number)))): \(stepLine(context, step, channel: publication.channel))</small>"
            }
            if case .failed = publication.state, access.can(.editPosts), let id = publication.id {
                extra = "\(extra) \(context.button(SiteURL.workspace(access.workspaceID, .publicationRetry(publication.$post.id, id)).path, context.t(.pubRetry)))"
            }
            items.append("<li><strong>\(publication.channel.name)</strong>: \(line(context, publication))\(extra)</li>")
        }
        return "<section id=\"publishing\"><h2>\(context.t(.publishingTitle))</h2><ul>\(items)</ul></section>"
    }
}
