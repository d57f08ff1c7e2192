import Fluent
import HeraldCore
import HeraldStore
import Vapor

/// How each channel's publication stands, in words a person can act on.
enum PublishingPanel {
    static func line(_ context: PageContext, _ publication: PublicationRecord) -> HTML {
        let reason = publication.reason ?? ""
        switch publication.state {
        case .scheduled: return "\(context.t(.pubScheduled))"
        case .publishing: return "\(context.t(.pubPublishing))"
        case .published(_, let url, let at):
            let link: HTML = url.flatMap { $0.hasPrefix("http") ? $0 : nil }
                .map { " <a href=\"\($0)\" rel=\"noopener\">\(context.t(.pubOpen))</a>" as HTML } ?? .empty
            return "<span class=\"ready\">\(context.t(LocalizedText(.pubPublished, context.date(at))))</span>\(link)"
        case .failed:
            return "<span class=\"error-text\">\(context.t(LocalizedText(.pubFailed, reason)))</span> — \(context.t(fix(for: publication)))"
        case .unknown:
            return "\(context.t(LocalizedText(.pubUnknown, reason)))"
        }
    }

    /// What to do about a failure, from the platform's answer.
    static func fix(for publication: PublicationRecord) -> L {
        let reason = (publication.reason ?? "").lowercased()
        if reason.contains("credential") || reason.contains("unauthorized") || reason.contains("token") || reason.contains("reconnect") {
            return .fixReconnect
        }
        if publication.retryable == true { return .fixWait }
        return .fixEdit
    }

    static func render(_ context: PageContext, access: WorkspaceAccess, post: Post, on database: any Database) async throws -> HTML {
        let publications = try await PublicationRecord.scoped(to: access.workspaceID, on: database)
            .filter(\.$post.$id == post.requireID()).with(\.$channel).all()
        guard !publications.isEmpty else { return .empty }
        let engagement = try await SandboxNetwork.engagement(remoteIDs: publications.compactMap(\.remoteID), on: database)
        var items: [HTML] = []
        for publication in publications {
            var extra: HTML = .empty
            if let remoteID = publication.remoteID, publication.channel.platform == .sandbox {
                let counts = engagement[remoteID] ?? [:]
                let numbers = [SandboxEventKind.like, .share, .comment, .click, .message, .follow].map { String(counts[$0] ?? 0) }
                extra = "<br><small class=\"engagement\">\(context.t(LocalizedText(.sandboxEngagement, arguments: numbers)))</small>"
                let talk = try await SandboxNetwork.conversation(remoteID: remoteID, limit: 5, on: database)
                if !talk.isEmpty {
                    let lines: [HTML] = talk.map { event in
                        let kind = context.t(event.kind == .message ? .sandboxMessage : .sandboxComment)
                        return "<li><strong>@\(event.author)</strong> (\(kind), \(context.date(event.at))): \(event.text ?? "")</li>"
                    }
                    extra = "\(extra)<details><summary>\(context.t(.sandboxConversation))</summary><ul>\(lines)</ul></details>"
                }
            }
            items.append("<li><strong>\(publication.channel.name)</strong>: \(line(context, publication))\(extra)</li>")
        }
        return "<section id=\"publishing\"><h2>\(context.t(.publishingTitle))</h2><ul>\(items)</ul></section>"
    }
}

/// Everything that did not go out as planned, newest first, with a link to the post.
enum NotificationsPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.viewPosts)
        let context = try await PageContext.make(req, access: access)
        let problems = try await PublicationRecord.scoped(to: access.workspaceID, on: req.db)
            .filter(\.$stateName ~~ ["failed", "unknown"]).with(\.$channel).with(\.$post)
            .sort(\.$updatedAt, .descending).limit(200).all()
        let items: [HTML] = problems.map { publication in
            let excerpt = publication.post.text.count > 60 ? String(publication.post.text.prefix(60)) + "…" : publication.post.text
            return """
            <li class="card"><a href="\(SiteURL.workspace(access.workspaceID, .post(publication.$post.id)).path)">\(excerpt)</a>
            <br><strong>\(publication.channel.name)</strong>: \(PublishingPanel.line(context, publication))
            <small>\(context.date(publication.updatedAt))</small></li>
            """
        }
        return .page(Layout.page(context, title: context.t(.notificationsTitle), body: """
            <h1>\(context.t(.notificationsTitle))</h1>
            \(items.isEmpty ? "<p class=\"muted\">\(context.t(.notificationsEmpty))</p>" as HTML : "<ul class=\"cards\">\(items)</ul>")
            """))
    }
}
