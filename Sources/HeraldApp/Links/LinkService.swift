import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import SQLKit

/// Short links and the link-in-bio page: whether a workspace's links go out shortened, its bio
/// entries, and the clicks of both. Shortening and bio entries are settings (owners and admins);
/// everyone who sees posts sees the counts.
package enum LinkService {
    /// Switches shortening on (links go out as `{base}/l/{slug}`) or off. `base` is Herald's public address.
    package static func setShortening(_ access: WorkspaceAccess, enabled: Bool, base: String, on database: any Database) async throws -> Workspace {
        try access.require(.manageSettings)
        let workspace = access.workspace
        workspace.shortLinkBase = enabled ? (base.hasSuffix("/") ? String(base.dropLast()) : base) : nil
        try await workspace.save(on: database)
        return workspace
    }

    /// A new link-in-bio entry; the workspace's bio page gets its address with the first one.
    package static func addBio(_ access: WorkspaceAccess, label raw: String?, url rawURL: String?, now: Date = Date(),
                               on database: any Database) async throws -> ShortLinks.Link {
        try access.require(.manageSettings)
        var problems = Problems()
        let label = try problems.check { try Fields.name(raw, field: "label", maxLength: 80) }
        let url = try problems.check { try Self.url(rawURL, field: "url") }
        guard let label, let url else { throw problems.error }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let workspace = access.workspace
        if workspace.bioSlug == nil {
            workspace.bioSlug = Self.randomSlug(length: 10)
            try await workspace.save(on: database)
        }
        let id = try await ShortLinks.addBio(workspace: access.workspaceID, label: label, target: url, slug: randomSlug(length: LinkShortening.slugLength),
                                             now: now, on: sql)
        guard let link = try await ShortLinks.bio(workspace: access.workspaceID, on: sql).first(where: { $0.id == id }) else { throw AppError.notFound }
        return link
    }

    package static func removeBio(_ access: WorkspaceAccess, id: UUID, redirects: LinkRedirects?, on database: any Database) async throws {
        try access.require(.manageSettings)
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard let removed = try await ShortLinks.removeBio(id, workspace: access.workspaceID, on: sql) else { throw AppError.notFound }
        redirects?.forget(removed.slug)
    }

    /// A link with what it belongs to, named for people, and its counts in the period.
    package struct Row: Sendable {
        package var counted: ShortLinks.Counted
        package var postText: String?
        package var channelName: String?
        package var campaignName: String?
    }

    /// The workspace's links and their clicks over `[from, to)` (UTC days), most clicked first;
    /// `bio`: only link-in-bio entries (true) or only post links (false).
    package static func report(_ access: WorkspaceAccess, from: Date, to: Date, bio: Bool? = nil, on database: any Database) async throws -> [Row] {
        try access.require(.viewPosts)
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let counted = try await ShortLinks.counted(workspace: access.workspaceID, fromDay: LinkRedirects.day(from),
                                                   toDay: LinkRedirects.day(to.addingTimeInterval(-1)), bio: bio, on: sql)
        let postIDs = Array(Set(counted.compactMap(\.link.postID)))
        let posts = postIDs.isEmpty ? [] : try await Post.scoped(to: access.workspaceID, on: database).filter(\.$id ~~ postIDs).all()
        let channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).all()
        let campaigns = try await Campaign.scoped(to: access.workspaceID, on: database).all()
        let postText = Dictionary(posts.compactMap { post in post.id.map { ($0, post.text) } }, uniquingKeysWith: { a, _ in a })
        let channelName = Dictionary(channels.compactMap { channel in channel.id.map { ($0, channel.name) } }, uniquingKeysWith: { a, _ in a })
        let campaignName = Dictionary(campaigns.compactMap { campaign in campaign.id.map { ($0, campaign.name) } }, uniquingKeysWith: { a, _ in a })
        return counted.map { item in
            Row(counted: item, postText: item.link.postID.flatMap { postText[$0] }, channelName: item.link.channelID.flatMap { channelName[$0] },
                campaignName: item.link.campaignID.flatMap { campaignName[$0] })
        }
    }

    /// A public link-in-bio page: the workspace and its entries, or nil for an unknown address.
    package static func bioPage(slug: String, on database: any Database) async throws -> (Workspace, [ShortLinks.Link])? {
        guard slug.count <= 40, let workspace = try await Workspace.query(on: database).filter(\.$bioSlug == slug).first(),
              let sql = database as? any SQLDatabase else { return nil }
        return (workspace, try await ShortLinks.bio(workspace: try workspace.requireID(), on: sql))
    }

    /// An http(s) address a person typed, or a sentence saying which field is wrong.
    static func url(_ raw: String?, field: String) throws(ValidationError) -> String {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError(code: "required", field: field, message: .init(.errorRequired)) }
        guard text.count <= 2000, !text.contains(where: { $0.isWhitespace || $0 == "\0" }), let url = URL(string: text),
              ["https", "http"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
            throw ValidationError(code: "invalid_url", field: field, message: .init(.errorInvalidURL, String(text.prefix(200))))
        }
        return text
    }

    static func randomSlug(length: Int) -> String {
        RandomToken.make(length: length, from: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    }
}
