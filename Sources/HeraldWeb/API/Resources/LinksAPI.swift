import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: short links, their clicks, and the link-in-bio page.
enum LinksAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("links", use: list)
        workspace.post("links", use: addBio)
        workspace.put("links", "settings", use: settings)
        workspace.delete("links", ":link", use: removeBio)
    }

    struct LinkDTO: Content {
        var id: UUID
        var slug: String
        var url: String
        var target: String
        var postID: UUID?
        var channelID: UUID?
        var campaignID: UUID?
        var label: String?
        var clicks: Int
        var visitors: Int

        init(_ counted: ShortLinks.Counted, base: String) {
            let link = counted.link
            id = link.id
            slug = link.slug
            url = base + SiteURL.shortLink(link.slug).path
            target = link.target
            postID = link.postID
            channelID = link.channelID
            campaignID = link.campaignID
            label = link.bioLabel
            clicks = counted.clicks
            visitors = counted.visitors
        }
    }

    struct LinkListDTO: Content {
        var from: Date
        var to: Date
        var shortening: Bool
        var bioURL: String?
        var items: [LinkDTO]
    }

    struct SettingsDTO: Content {
        var shortening: Bool
        var base: String?
        var bioURL: String?
    }

    static func bioURL(_ workspace: Workspace, base: String) -> String? {
        workspace.bioSlug.map { base + SiteURL.bio($0).path }
    }

    @Sendable static func list(req: Request) async throws -> LinkListDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let (from, to) = try ReportPeriod.parse(access.workspace.zone, from: req.query[String.self, at: "from"],
                                                to: req.query[String.self, at: "to"], maxDays: AnalyticsFilter.maxDays)
        let kind = req.query[String.self, at: "kind"]
        guard kind == nil || kind == "bio" || kind == "post" else {
            throw ValidationError(code: "invalid_kind", field: "kind", message: .init(.errorInvalidChoice, kind ?? "", "bio, post"))
        }
        let base = req.application.herald.baseURL
        let rows = try await LinkService.report(access, from: from, to: to, bio: kind.map { $0 == "bio" }, on: req.db)
        return LinkListDTO(from: from, to: to, shortening: access.workspace.shortLinkBase != nil, bioURL: bioURL(access.workspace, base: base),
                           items: rows.map { LinkDTO($0.counted, base: base) })
    }

    @Sendable static func settings(req: Request) async throws -> SettingsDTO {
        let input = try req.decodeJSON(LinkSettingsInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        guard let shorten = input.shorten else {
            throw ValidationError(code: "required", field: "shorten", message: .init(.errorRequired))
        }
        let base = req.application.herald.baseURL
        let workspace = try await LinkService.setShortening(access, enabled: shorten, base: base, on: req.db)
        return SettingsDTO(shortening: workspace.shortLinkBase != nil, base: workspace.shortLinkBase, bioURL: bioURL(workspace, base: base))
    }

    @Sendable static func addBio(req: Request) async throws -> Response {
        let input = try req.decodeJSON(BioLinkInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let link = try await LinkService.addBio(access, label: input.label, url: input.url, on: req.db)
        return try await LinkDTO(ShortLinks.Counted(link: link, clicks: 0, visitors: 0), base: req.application.herald.baseURL)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable static func removeBio(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await LinkService.removeBio(access, id: req.uuidParameter("link"), redirects: req.application.linkRedirects, on: req.db)
        return .noContent
    }
}

struct LinkSettingsInput: JSONInput {
    var shorten: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable { case shorten }
}

struct BioLinkInput: JSONInput {
    var label: String?
    var url: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case label, url }
}
