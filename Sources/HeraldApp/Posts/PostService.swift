import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Posts with their target channels and per-channel variants, and the checks that say what
/// each channel will accept. Drafts may break rules (they are drafts); the checks say how.
package enum PostService {
    package static let maxTextLength = 100_000

    package struct Draft: Sendable {
        package var text: String?
        package var channels: [UUID]?
        package var variants: [Variant]?
        /// nil: leave as is (update) or not an ad (create); present: an advertisement.
        package var ad: Ad?
        package var removeAd = false
        package var campaign: CampaignChange = .unchanged
        /// Library files for every channel (nil: unchanged on update).
        package var media: [UUID]?

        package enum CampaignChange: Sendable {
            case unchanged
            case set(UUID)
            case clear
        }

        package struct Variant: Sendable {
            package var channelID: UUID
            package var text: String?
            package var firstComment: String?
            package var link: String?
            /// This channel's own files; nil: the post's.
            package var media: [UUID]? = nil
            /// Platform options (raw; validated against the channel's platform).
            package var options: [String: String]? = nil
            /// The posts that follow as a thread (nil or empty: none).
            package var thread: [String]? = nil

            package init(channelID: UUID, text: String? = nil, firstComment: String? = nil, link: String? = nil, media: [UUID]? = nil,
                         options: [String: String]? = nil, thread: [String]? = nil) {
                self.thread = thread
                self.channelID = channelID
                self.text = text
                self.firstComment = firstComment
                self.link = link
                self.media = media
                self.options = options
            }
        }

        package struct Ad: Sendable {
            package var advertiser: String?
            package var token: String?

            package init(advertiser: String? = nil, token: String? = nil) {
                self.advertiser = advertiser
                self.token = token
            }
        }

        package init(text: String? = nil, channels: [UUID]? = nil, variants: [Variant]? = nil, ad: Ad? = nil, removeAd: Bool = false,
                    campaign: CampaignChange = .unchanged, media: [UUID]? = nil) {
            self.removeAd = removeAd
            self.text = text
            self.channels = channels
            self.variants = variants
            self.ad = ad
            self.campaign = campaign
            self.media = media
        }
    }

    /// One page of the workspace's posts that `filters` admit (the calendar's filters), newest first.
    package static func list(_ access: WorkspaceAccess, filters: CalendarQuery.Filters = .init(), page: PageRequest = PageRequest(),
                             on database: any Database) async throws -> (items: [PostSummaries.Row], next: Int?)
    {
        try access.require(.viewPosts)
        let rows = try await PostSummaries.page(CalendarQuery.filter(access, filters), limit: page.limit + 1, offset: page.offset,
                                                on: database)
        return (Array(rows.prefix(page.limit)), rows.count > page.limit ? page.offset + page.limit : nil)
    }

    /// Posts not yet on the calendar (draft, in review, approved), newest first: what the composer lists.
    package static func drafts(_ access: WorkspaceAccess, page: PageRequest = PageRequest(), on database: any Database) async throws
        -> (items: [Post], next: Int?)
    {
        try access.require(.viewPosts)
        return try await page.fetch(Post.scoped(to: access.workspaceID, on: database).unplanned()
            .sort(\.$createdAt, .descending).sort(\.$id))
    }

    package static func find(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws -> Post {
        try access.require(.viewPosts)
        guard let post = try await Post.find(id, in: access.workspaceID, on: database) else { throw AppError.notFound }
        return post
    }

    package static func create(_ access: WorkspaceAccess, _ draft: Draft, on database: any Database) async throws -> Post {
        try access.require(.editPosts)
        let text = try validText(draft.text)
        let targets = try await validTargets(access, draft, on: database)
        let post = Post(workspaceID: access.workspaceID, authorID: access.userID, text: text)
        post.mediaIDs = try await validMedia(draft.media ?? [], field: "media", access: access, on: database)
        try await applyCampaign(draft.campaign, to: post, access: access, on: database)
        apply(draft.ad, remove: false, to: post)
        try await database.writeTransaction { tx in
            try await post.save(on: tx)
            try await replaceTargets(of: post, with: targets, access: access, on: tx)
            try await WorkflowService.log(post, workspaceID: access.workspaceID, action: "created", from: .draft, to: .draft,
                                          comment: nil, actor: WorkflowService.actor(access), on: tx)
        }
        return post
    }

    package static func update(_ access: WorkspaceAccess, id: UUID, _ draft: Draft, on database: any Database) async throws -> Post {
        try access.require(.editPosts)
        let post = try await find(access, id: id, on: database)
        let text = try draft.text.map(validText)
        let targets = draft.channels == nil && draft.variants == nil ? nil : try await validTargets(access, draft, on: database)
        try await applyCampaign(draft.campaign, to: post, access: access, on: database)
        var newMedia: [UUID]?
        if let media = draft.media { newMedia = try await validMedia(media, field: "media", access: access, on: database) }
        let before = (post.text, post.isAd, post.adAdvertiser, post.adToken, post.mediaIDsJSON)
        if let newMedia { post.mediaIDs = newMedia }
        // Everything a channel is sent counts as content: a change sends the post back for approval.
        func signature(_ channel: UUID, _ text: String?, _ comment: String?, _ link: String?, _ thread: [String]) -> String {
            [channel.text, text ?? "", comment ?? "", link ?? "", thread.joined(separator: "\u{1F}")].joined(separator: "\u{1E}")
        }
        func trimmed(_ value: String?) -> String? {
            let value = value?.trimmingCharacters(in: .whitespacesAndNewlines)
            return value?.isEmpty == false ? value : nil
        }
        let oldTargets = try await PostTarget.scoped(to: access.workspaceID, on: database).filter(\.$post.$id == id).all()
            .map { signature($0.$channel.id, $0.text, $0.firstComment, $0.link, $0.thread) }.sorted()
        if let text { post.text = text }
        apply(draft.ad, remove: draft.removeAd, to: post)
        let newTargets = targets?.map { channel, variant in
            signature(channel, trimmed(variant?.text), trimmed(variant?.firstComment), trimmed(variant?.link),
                      (variant?.thread ?? []).compactMap(trimmed))
        }.sorted()
        let contentChanged = before != (post.text, post.isAd, post.adAdvertiser, post.adToken, post.mediaIDsJSON)
            || (newTargets != nil && newTargets != oldTargets)
        let from = post.status
        let to = contentChanged ? PostWorkflow.afterEdit(from, approvalRequired: access.workspace.approvalRequired) : from
        if to != from {
            post.statusName = to.rawValue
            post.scheduledAt = nil
            post.scheduledLocal = nil
            post.scheduledZone = nil
        }
        try await database.writeTransaction { tx in
            // Every update, whatever it changes: a post that is out (or may be) on any channel
            // cannot change (409 naming the channel); what waits to be sent is withdrawn.
            try await withdrawPublications(of: post.requireID(), on: tx)
            try await post.save(on: tx)
            if let targets { try await replaceTargets(of: post, with: targets, access: access, on: tx) }
            if to != from {
                try await WorkflowService.log(post, workspaceID: access.workspaceID, action: "edited", from: from, to: to,
                                              comment: nil, actor: WorkflowService.actor(access), on: tx)
            }
        }
        return post
    }

    /// Takes back what the scheduler queued for this post before it changes; refused with a
    /// conflict once a channel has it (or may have it).
    package static func withdrawPublications(of postID: UUID, on database: any Database) async throws {
        do {
            try await DuePublications.withdraw(postID: postID, on: database)
        } catch let locked as PublicationsLocked {
            throw AppError.locked(locked)
        }
    }

    /// Deletes a post that is not out anywhere. One that went out (or may have) keeps its
    /// history: refused with 409 naming the channel, like any change.
    package static func delete(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws {
        try access.require(.editPosts)
        let post = try await find(access, id: id, on: database)
        try await database.writeTransaction { tx in
            try await withdrawPublications(of: post.requireID(), on: tx)
            try await post.delete(on: tx)
        }
    }

    /// A new draft with the same text, media, campaign, advertising and channels (with their
    /// variants): how a published post is posted again.
    package static func duplicate(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws -> Post {
        try access.require(.editPosts)
        let original = try await find(access, id: id, on: database)
        let targets = try await PostTarget.scoped(to: access.workspaceID, on: database).filter(\.$post.$id == id).all()
        let live = Set(try await ChannelService.list(access, on: database).compactMap(\.id))
        let kept = targets.filter { live.contains($0.$channel.id) }
        var draft = Draft(text: original.text, channels: kept.map(\.$channel.id),
                          variants: kept.map { target in
                              Draft.Variant(channelID: target.$channel.id, text: target.text, firstComment: target.firstComment,
                                            link: target.link, media: target.ownMediaIDs,
                                            options: target.options.isEmpty ? nil : target.options,
                                            thread: target.thread.isEmpty ? nil : target.thread)
                          },
                          campaign: original.campaignID.map(Draft.CampaignChange.set) ?? .unchanged, media: original.mediaIDs)
        if original.isAd { draft.ad = Draft.Ad(advertiser: original.adAdvertiser, token: original.adToken) }
        return try await create(access, draft, on: database)
    }

    package static func validText(_ raw: String?) throws -> String {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError(code: "required", field: "text", message: .init(.errorRequired)) }
        try Fields.refuseNUL(text, field: "text")
        guard text.count <= maxTextLength else {
            throw ValidationError(code: "too_long", field: "text",
                                  message: .init(.errorTooLong, String(maxTextLength), String(text.count - maxTextLength)))
        }
        return text
    }

    private static func applyCampaign(_ change: Draft.CampaignChange, to post: Post, access: WorkspaceAccess,
                                      on database: any Database) async throws {
        switch change {
        case .unchanged: break
        case .clear: post.campaignID = nil
        case .set(let id): post.campaignID = try await CampaignService.validID(id, access: access, on: database)
        }
    }

    /// Every id must be a file of this workspace's library; at most 20.
    package static func validMedia(_ ids: [UUID], field: String, access: WorkspaceAccess, on database: any Database) async throws -> [UUID] {
        guard ids.count <= 20 else {
            throw ValidationError(code: "too_many", field: field, message: .init(.ruleTooManyMedia, "Herald", "20", String(ids.count)))
        }
        for (index, id) in ids.enumerated() where try await MediaFile.find(id, in: access.workspaceID, on: database) == nil {
            throw ValidationError(code: "unknown_media", field: "\(field)[\(index)]", message: .init(.postUnknownMedia, id.text))
        }
        return ids
    }

    /// The library files for these ids, in order, skipping any deleted since.
    package static func mediaFiles(_ ids: [UUID], workspaceID: UUID, on database: any Database) async throws -> [MediaFile] {
        guard !ids.isEmpty else { return [] }
        var found: [UUID: MediaFile] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {  // within every database's limit of bound values
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            for file in try await MediaFile.scoped(to: workspaceID, on: database).filter(\.$id ~~ chunk).all() { if let id = file.id { found[id] = file } }
        }
        return ids.compactMap { found[$0] }
    }

    private static func apply(_ ad: Draft.Ad?, remove: Bool, to post: Post) {
        if remove {
            post.isAdvertisement = false
            post.adAdvertiser = nil
            post.adToken = nil
        } else if let ad {
            // Stored as typed, even incomplete: the checks block publishing until both are valid.
            post.isAdvertisement = true
            post.adAdvertiser = ad.advertiser?.trimmingCharacters(in: .whitespacesAndNewlines)
            post.adToken = ad.token?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The targets as (channel, variant) pairs, every id checked against this workspace first.
    private static func validTargets(_ access: WorkspaceAccess, _ draft: Draft, on database: any Database)
        async throws -> [(UUID, Draft.Variant?)]
    {
        let channels = draft.channels ?? []
        var seen = Set<UUID>()
        var platforms: [UUID: Platform] = [:]
        for (index, id) in channels.enumerated() {
            guard seen.insert(id).inserted else {
                throw ValidationError(code: "duplicate", field: "channels[\(index)]", message: .init(.postDuplicateChannel))
            }
            let channel = try await SocialChannel.find(id, in: access.workspaceID, on: database).flatMap { $0.archivedAt == nil ? $0 : nil }
            platforms[id] = channel?.platform
            guard channel != nil else {
                throw ValidationError(code: "unknown_channel", field: "channels[\(index)]",
                                      message: .init(.postUnknownChannel, id.text))
            }
        }
        var variants: [UUID: Draft.Variant] = [:]
        for (index, variant) in (draft.variants ?? []).enumerated() {
            guard seen.contains(variant.channelID) else {
                throw ValidationError(code: "variant_without_channel", field: "variants[\(index)].channel_id",
                                      message: .init(.postVariantWithoutChannel))
            }
            if let media = variant.media {
                _ = try await validMedia(media, field: "variants[\(index)].media", access: access, on: database)
            }
            var variant = variant
            if let options = variant.options, let platform = platforms[variant.channelID] {
                variant.options = try PlatformOption.validate(options, for: platform, field: "variants[\(index)].options")
            }
            for (name, value) in [("text", variant.text), ("first_comment", variant.firstComment), ("link", variant.link)] {
                if let value { try Fields.refuseNUL(value, field: "variants[\(index)].\(name)") }
            }
            if let text = variant.text, text.count > maxTextLength {
                throw ValidationError(code: "too_long", field: "variants[\(index)].text",
                                      message: .init(.errorTooLong, String(maxTextLength), String(text.count - maxTextLength)))
            }
            for (number, part) in (variant.thread ?? []).enumerated() {
                let field = "variants[\(index)].thread[\(number)]"
                try Fields.refuseNUL(part, field: field)
                if part.count > maxTextLength {
                    throw ValidationError(code: "too_long", field: field,
                                          message: .init(.errorTooLong, String(maxTextLength), String(part.count - maxTextLength)))
                }
            }
            if let thread = variant.thread, thread.count > 100 {
                throw ValidationError(code: "too_long", field: "variants[\(index)].thread",
                                      message: .init(.ruleThreadTooMany, String(thread.count + 1), String(Outgoing.maxThreadParts + 1)))
            }
            variants[variant.channelID] = variant
        }
        return channels.map { ($0, variants[$0]) }
    }

    private static func replaceTargets(of post: Post, with targets: [(UUID, Draft.Variant?)], access: WorkspaceAccess,
                                       on database: any Database) async throws {
        let postID = try post.requireID()
        try await PostTarget.scoped(to: access.workspaceID, on: database).filter(\.$post.$id == postID).delete()
        for (channelID, variant) in targets {
            func clean(_ value: String?) -> String? {
                let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed?.isEmpty == false ? trimmed : nil
            }
            let target = PostTarget(workspaceID: access.workspaceID, postID: postID, channelID: channelID,
                                    text: clean(variant?.text), firstComment: clean(variant?.firstComment), link: clean(variant?.link))
            target.ownMediaIDs = variant?.media
            target.options = variant?.options ?? [:]
            target.thread = (variant?.thread ?? []).compactMap(clean)
            try await target.save(on: database)
        }
    }

    /// The check of every target of a post, in channel-name order.
    package static func checks(of post: Post, access: WorkspaceAccess, on database: any Database)
        async throws -> [(PostTarget, SocialChannel, VariantCheck)]
    {
        try access.require(.viewPosts)
        return try await outgoing(of: post, workspace: access.workspace, on: database).map { ($0.0, $0.1, $0.2.check) }
    }

    /// What each channel of a stored post gets (`Outgoing.assemble`), in channel-name order: the
    /// post page, its previews, the API, scheduling and the client's approval page all show this.
    package static func outgoing(of post: Post, workspace: Workspace, on database: any Database)
        async throws -> [(PostTarget, SocialChannel, Outgoing)]
    {
        let postID = try post.requireID(), workspaceID = try workspace.requireID()
        let targets = try await PostTarget.scoped(to: workspaceID, on: database)
            .filter(\.$post.$id == postID).with(\.$channel).all()
        let context = try await assemblyContext(isAd: post.isAd, advertiser: post.adAdvertiser, token: post.adToken,
                                                campaignID: post.campaignID, workspace: workspace, on: database)
        var results: [(PostTarget, SocialChannel, Outgoing)] = []
        for target in targets {
            let channel = target.channel
            guard let platform = channel.platform else { continue }
            let files = try await mediaFiles(target.ownMediaIDs ?? post.mediaIDs, workspaceID: workspaceID, on: database)
            let content = VariantContent(text: target.text ?? post.text, firstComment: target.firstComment, link: target.link,
                                         media: files.map(\.asMediaItem), options: target.options, thread: target.thread)
            results.append((target, channel, assemble(content, for: platform, context: context.on(post: postID, channel: channel.id),
                                                      rules: channel.rules)))
        }
        return results.sorted { $0.1.name.localizedCaseInsensitiveCompare($1.1.name) == .orderedAscending }
    }

    /// `Outgoing.assemble`, plus what only the application knows: whether Herald has a connector
    /// for the platform. A channel without one is flagged in the composer (a warning: the post can
    /// still go to its other channels) and its publication fails visibly with "no connector".
    package static func assemble(_ content: VariantContent, for platform: Platform, context: AssemblyContext,
                                 rules: PlatformRules? = nil) -> Outgoing {
        var outgoing = Outgoing.assemble(content, for: platform, context: context, rules: rules)
        if !Connectors.publishing.contains(platform) {
            outgoing.check.findings.append(.init(source: .platform, code: "no_connector", field: "channels", severity: .warning,
                                                 message: .init(.composeNoConnector, platform.displayName)))
        }
        return outgoing
    }

    /// The workspace's voice and ad template, the post's advertising and its campaign's UTM
    /// parameters: what `Outgoing.assemble` adds to each channel's content.
    package static func assemblyContext(isAd: Bool, advertiser: String?, token: String?, campaignID: UUID?, workspace: Workspace,
                                        on database: any Database) async throws -> AssemblyContext {
        let utm = try await campaignID.asyncFlatMap { try await Campaign.find($0, in: try workspace.requireID(), on: database) }?.utm
        return AssemblyContext(voice: workspace.brandVoice, isAd: isAd, advertiser: advertiser, token: token,
                               adTemplate: workspace.adLabelTemplate, utm: utm,
                               shortening: workspace.shortLinkBase.map { LinkShortening(base: $0) })
    }
}
