import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// Posts that went out in the past on a Sandbox channel — on the Sandbox network at that time and
/// in Herald as published — so the simulated audience has something to react to and analytics
/// something to read: the demo's history, and the tests that check analytics against the
/// audience's known preferences.
package enum SandboxHistory {
    package static func published(_ runtime: HeraldRuntime, _ access: WorkspaceAccess, text: String, media: [UUID], channel: SocialChannel,
                                  at: Date, campaign: UUID?) async throws {
        let db = runtime.database()
        var draft = PostService.Draft()
        draft.text = text
        draft.channels = [try channel.requireID()]
        draft.media = media
        if let campaign { draft.campaign = .set(campaign) }
        let post = try await PostService.create(access, draft, on: db)
        let zone = access.workspace.zone
        post.statusName = PostStatus.published.rawValue
        post.scheduledAt = at
        post.scheduledLocal = Schedule.local(at, in: zone).description
        post.scheduledZone = zone.identifier
        try await post.save(on: db)
        guard let target = try await PostTarget.query(on: db).filter(\.$post.$id == post.requireID()).first() else { return }
        let publication = PublicationRecord(workspaceID: access.workspaceID, postID: try post.requireID(), targetID: try target.requireID(),
                                            channelID: try channel.requireID())
        let files = try await PostService.mediaFiles(media, workspaceID: access.workspaceID, on: db).map(\.asMediaItem)
        let stored = try await runtime.sandbox.storage.store(
            account: SandboxPlatform.account(for: ChannelCredential.parse(try channel.openCredential(with: runtime.secretBox)).accessToken),
            idempotencyKey: publication.idempotencyKey, text: text, link: nil, content: .of(text: text, media: files), image: .of(media: files),
            at: at)
        let answer = SandboxPlatform.published(stored)
        publication.state = .published(remoteID: answer.remoteID, url: answer.url?.absoluteString, at: answer.publishedAt)
        try await publication.create(on: db)
        // Its history as it would have happened: written a few hours before, then published by
        // Herald at its time — not "created" today after it went out.
        let written = at.addingTimeInterval(-3 * 3600)
        let postID = try post.requireID()
        try await PostEvent.query(on: db).filter(\.$post.$id == postID).set(\.$createdAt, to: written).update()
        try await Post.query(on: db).filter(\.$id == postID).set(\.$createdAt, to: written).update()
        try await PostEvent(workspaceID: access.workspaceID, postID: postID, actorID: nil, actorName: "Herald", action: PostEvent.published,
                            from: PostStatus.scheduled.rawValue, to: PostStatus.published.rawValue, comment: nil, at: at).create(on: db)
    }

    /// `count` posts at seeded random times of the `days` before `now` (never in the last two
    /// hours): a quarter text, a fifth with a link, the rest with one file of `media` (or two to
    /// four images, a gallery); some with hashtags, some long.
    package static func generate(_ runtime: HeraldRuntime, _ access: WorkspaceAccess, channel: SocialChannel, count: Int, days: Int,
                                 media: [UUID], seed: UInt64, now: Date = Date()) async throws {
        var rng = SeededRandom(seed: seed)
        let files = try await PostService.mediaFiles(media, workspaceID: access.workspaceID, on: runtime.database())
        let images = files.filter { MediaFormat(rawValue: $0.formatName)?.isVideo != true }.compactMap(\.id)
        let tags = ["#news", "#tips", "#behindthescenes", "#sale"]
        for index in 0..<count {
            let at = now.addingTimeInterval(-7200 - Double(rng.next() % UInt64(days * 86_400 - 7200)))
            var text = "Post \(index + 1) of our history"
            if rng.next() % 3 == 0 { text += " " + tags[Int(rng.next() % UInt64(tags.count))] }
            if rng.next() % 5 == 0 { text += " — " + String(repeating: "a longer story about what we do and why ", count: 8) }
            let roll = rng.next() % 20
            var attached: [UUID] = []
            if roll < 5 {
                // text only
            } else if roll < 9 {
                text += " https://example.com/p/\(index)"
            } else if roll < 11, images.count > 1 {
                attached = Array(images.shuffled(using: &rng).prefix(2 + Int(rng.next() % 3)))
            } else if !media.isEmpty {
                attached = [media[Int(rng.next() % UInt64(media.count))]]
            }
            try await published(runtime, access, text: text, media: attached, channel: channel, at: at, campaign: nil)
        }
    }
}
