import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing
import Vapor

/// Issue 13, first step: comments, mentions and messages come into one inbox through each
/// connector's Conversations capability — stored once, linked to our post — and are answered
/// from the inbox page or the API through the platform, with its limits checked.
@Suite("Inbox: sync and answer")
struct InboxTests {
    @Test("a Mastodon channel's comment, mention and message arrive once; answered in place; open, waiting, done")
    func mastodon() async throws {
        try await MastodonScene.with { scene in
            let (app, owner, w, api, channel, mastodon, base) = (scene.app, scene.owner, scene.workspace, scene.api, scene.channel,
                                                                 scene.mastodon, scene.base)
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"Новое меню","channels":["\#(channel)"]}"#)
            try await Fixtures.publishNow(app, post: post)
            let remote = try #require(mastodon.posted.first?.id)
            mastodon.audienceWrites("@herald а доставка есть? <script>alert(1)</script>", from: "olga", replyingTo: remote)
            mastodon.audienceWrites("Советую @herald", from: "ivan")
            mastodon.audienceWrites("@herald где заказ 1234?", from: "maria", visibility: "direct")

            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)
            #expect(try await sync.sync(channelID: channel, on: app.db) == 3)
            mastodon.audienceWrites("@herald спасибо!", from: "olga", replyingTo: remote)
            #expect(try await sync.sync(channelID: channel, on: app.db) == 1, "only what is new")
            #expect(try await sync.sync(channelID: channel, on: app.db) == 0)
            #expect(try await InboxItem.query(on: app.db).count() == 4, "each item once")

            let listed = try await api.api(.GET, "\(base)/inbox")
            let items = try #require(listed.json["items"] as? [[String: Any]])
            #expect(Set(items.compactMap { $0["kind"] as? String }) == ["comment", "mention", "direct_message"])
            let comment = try #require(items.first { ($0["text"] as? String)?.contains("доставка") == true })
            #expect(comment["post_id"] as? String == post.uuidString, "linked to our post")
            let itemID = try #require(comment["id"] as? String)

            let page = try await owner.get("/w/\(w)/inbox")
            #expect(page.status == .ok && page.text.contains("olga") && page.text.contains("on our post"))
            #expect(page.text.contains("&lt;script&gt;") && !page.text.contains("<script>alert"), "the audience's words are escaped")

            let tooLong = try await api.api(.POST, "\(base)/inbox/\(itemID)/reply", json: #"{"text":"\#(String(repeating: "я", count: 501))"}"#)
            #expect(tooLong.status == .unprocessableEntity && tooLong.apiError?.field == "text")
            let answered = try await owner.post("/w/\(w)/inbox/\(itemID)/reply", form: ["text": "Да, доставляем по городу"])
            #expect(answered.status == .seeOther)
            let sent = try #require(mastodon.posted.last)
            #expect(sent.text.contains("Да, доставляем по городу") && sent.text.hasPrefix("@olga") && sent.inReplyToID != nil)
            let after = try await api.api(.GET, "\(base)/inbox?status=waiting")
            let waiting = try #require((after.json["items"] as? [[String: Any]])?.first)
            #expect(waiting["id"] as? String == itemID && (waiting["replies"] as? [[String: Any]])?.first?["state"] as? String == "published")

            // Assigned to a member, then found under "mine" and no longer under "nobody".
            let me = try #require(try await User.query(on: app.db).first()?.id)
            let assigned = try await api.api(.PATCH, "\(base)/inbox/\(itemID)", json: #"{"assigned_to":"\#(me.uuidString)"}"#)
            #expect(assigned.json["assigned_to"] as? String == me.uuidString, "\(assigned.text)")
            let mine = try await api.api(.GET, "\(base)/inbox?assigned=me")
            #expect((mine.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [itemID])
            let nobody = try await api.api(.GET, "\(base)/inbox?assigned=none")
            #expect((nobody.json["items"] as? [[String: Any]])?.contains { $0["id"] as? String == itemID } == false)
            let stranger = try await api.api(.PATCH, "\(base)/inbox/\(itemID)", json: #"{"assigned_to":"\#(UUID().uuidString)"}"#)
            #expect(stranger.apiError?.field == "assigned_to" && stranger.apiError?.code == "not_a_member")
            let byForm = try await owner.post("/w/\(w)/inbox/\(itemID)/assign", form: ["assigned_to": "none"])
            #expect(byForm.status == .seeOther)
            #expect(try await owner.get("/w/\(w)/inbox?status=all&assigned=none").text.contains("item-\(itemID)"))

            let done = try await api.api(.PATCH, "\(base)/inbox/\(itemID)", json: #"{"status":"done"}"#)
            #expect(done.json["status"] as? String == "done")
            let bad = try await api.api(.PATCH, "\(base)/inbox/\(itemID)", json: #"{"status":"archived"}"#)
            #expect(bad.status == .unprocessableEntity && bad.apiError?.field == "status")
            #expect(try await api.api(.GET, "\(base)/inbox?status=maybe").apiError?.field == "status")
            _ = try await owner.post("/account", form: ["name": "Olga Owner", "language": "ru"])
            #expect(try await owner.get("/w/\(w)/inbox?status=all").text.contains("личное сообщение"))
        }
    }

    @Test("a channel that cannot be read says why on the inbox page, its channel row and in Notifications; the leader never queues two syncs of one channel")
    func failuresAndOnePoller() async throws {
        try await MastodonScene.with { scene in
            let (app, owner, w, channel, mastodon) = (scene.app, scene.owner, scene.workspace, scene.channel, scene.mastodon)
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)
            #expect(try await sync.enqueueDue(on: app.db) == 1)
            #expect(try await sync.enqueueDue(on: app.db) == 0, "one is already waiting")
            #expect(try await sync.enqueueDue(now: Date().addingTimeInterval(3600), on: app.db) == 0, "still waiting: never two")
            #expect(try await sync.runOnce(on: app.db) == 1)
            #expect(try await sync.enqueueDue(on: app.db) == 0, "read a moment ago")

            // The token stops working: the page says so.
            let row = try #require(try await SocialChannel.find(channel, on: app.db))
            let credential = #"{"access_token":"revoked","instance_url":"\#(mastodon.baseURL)"}"#
            row.sealedCredentials = try app.secretBox.seal(Data(credential.utf8),
                                                           context: SocialChannel.credentialContext(workspaceID: w, channelID: channel))
            try await row.save(on: app.db)
            _ = try await sync.sync(channelID: channel, on: app.db)
            let page = try await owner.get("/w/\(w)/inbox")
            #expect(page.text.contains("Fedi could not be read") && page.text.contains("The access token is invalid"))
            // …and on the channel's row and in Notifications.
            let channels = try await owner.get("/w/\(w)/settings/channels")
            #expect(channels.text.contains("Fedi could not be read"))
            let notifications = try await owner.get("/w/\(w)/notifications")
            #expect(notifications.text.contains("Fedi could not be read") && !notifications.text.contains("Nothing needs your attention"))
        }
    }
}

@Suite("Inbox: deletions on the platform follow")
struct InboxDeletionTests {
    @Test("a comment deleted on Mastodon is found on a later sync: marked deleted and done, said in its history and on the page, refused an answer; each item asked at most hourly")
    func deletedComment() async throws {
        try await MastodonScene.with { scene in
            let (app, mastodon, base) = (scene.app, scene.mastodon, scene.base)
            let olgaItem = try await SavedReplyTests.comment(scene, text: "@herald фу, невкусно")
            let olga = try #require(try await InboxItem.find(UUID(uuidString: olgaItem), on: app.db)?.remoteID)
            mastodon.audienceWrites("@herald а доставка есть?", from: "ivan", replyingTo: try #require(mastodon.posted.first?.id))
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)
            try await sync.sync(channelID: scene.channel, on: app.db)
            #expect(try await InboxItem.query(on: app.db).filter(\.$deletedAt == nil).count() == 2, "both there, checked once")

            mastodon.audienceDeletes(olga)
            let reads = mastodon.statusReadCount
            try await sync.sync(channelID: scene.channel, on: app.db)
            #expect(mastodon.statusReadCount == reads, "asked within the hour: not again")
            try await sync.sync(channelID: scene.channel, now: Date().addingTimeInterval(3700), on: app.db)
            #expect(mastodon.statusReadCount == reads + 2, "an hour on: both asked, once each")

            let deleted = try #require(try await InboxItem.query(on: app.db).filter(\.$remoteID == olga).first())
            #expect(deleted.deletedAt != nil && deleted.status == .done && deleted.resolvedAt != nil, "settled when found deleted (the response-times report counts it)")
            let other = try #require(try await InboxItem.query(on: app.db).filter(\.$remoteID != olga).first())
            #expect(other.deletedAt == nil && other.status == .open)
            let events = try await InboxEvent.query(on: app.db).filter(\.$item.$id == deleted.requireID()).all().map(\.kind)
            #expect(events.contains("deleted"), "\(events)")
            let answer = try await scene.api.api(.POST, "\(base)/inbox/\(try deleted.requireID())/reply", json: #"{"text":"Извините"}"#)
            #expect(answer.status == .unprocessableEntity && answer.apiError?.code == "deleted_on_platform", "\(answer.text)")
            // It stays done: reopening it alone or with others is refused by name, and changes nothing.
            let deletedID = try deleted.requireID().uuidString, otherID = try other.requireID().uuidString
            let reopen = try await scene.api.api(.PATCH, "\(base)/inbox/\(deletedID)", json: #"{"status":"open"}"#)
            #expect(reopen.status == .unprocessableEntity && reopen.apiError?.code == "deleted_on_platform" && reopen.apiError?.field == "status"
                    && reopen.apiError?.message.contains("stays done") == true, "\(reopen.text)")
            let bulk = try await scene.api.api(.POST, "\(base)/inbox/bulk", json: #"{"items":["\#(deletedID)","\#(otherID)"],"status":"waiting"}"#)
            #expect(bulk.status == .unprocessableEntity && bulk.apiError?.code == "deleted_on_platform", "\(bulk.text)")
            #expect(try await InboxItem.find(deleted.requireID(), on: app.db)?.status == .done)
            #expect(try await InboxItem.find(other.requireID(), on: app.db)?.status == .open)
            let done = try await scene.api.api(.POST, "\(base)/inbox/bulk", json: #"{"items":["\#(deletedID)","\#(otherID)"],"status":"done"}"#)
            #expect(done.status == .ok, "\(done.text)")
            let listed = try await scene.api.api(.GET, "\(base)/inbox?status=all")
            #expect((listed.json["items"] as? [[String: Any]])?.contains { $0["deleted_at"] is String } == true)
            let page = try await scene.owner.get("/w/\(scene.workspace)/inbox?status=all")
            #expect(page.text.contains("Deleted on the platform (found"), "\(page.text.prefix(0))")
            #expect(!page.text.contains("/inbox/\(deletedID)/status"), "no Reopen for an item deleted on the platform")
            #expect(page.text.contains("/inbox/\(otherID)/status"))
        }
    }
}

@Suite("Inbox: like, hide or delete on the platform")
struct InboxPlatformActionTests {
    @Test("the Sandbox: like, hide and delete a comment from the API, each on the network and in the item's history; a deletion closes the item; an unknown action is refused by field")
    func sandbox() async throws {
        try await withHerald { app in
            let scene = try await SandboxScene.published(app, channelName: "Витрина") { #"{"text":"Осеннее меню","channels":["\#($0)"]}"# }
            let (owner, api, w, base, channel) = (scene.owner, scene.api, scene.workspace, scene.base, scene.channel)
            let sql = try #require(app.db as? any SQLDatabase)
            let sandboxPost = try #require(try await sql.raw("SELECT id FROM sandbox_posts").first()?.decode(column: "id", as: UUID.self))
            // Two of the simulated audience comment (as SandboxNetwork.advance would write them).
            for (author, text) in [("olga", "Очень вкусно!"), ("ivan", "Купите рекламу у нас")] {
                try await sql.raw("""
                    INSERT INTO sandbox_events (id, post_id, kind, author, text, occurred_at)
                    VALUES (\(bind: UUID()), \(bind: sandboxPost), 'comment', \(bind: author), \(bind: text), \(bind: Date().addingTimeInterval(-60)))
                    """).run()
            }
            try await #require(app.runtime.makeWorker(database: app.runtime.database).inbox).sync(channelID: channel, on: app.db)
            let items = try await InboxItem.query(on: app.db).all()
            let olga = try #require(items.first { $0.authorName == "olga" }), ivan = try #require(items.first { $0.authorName == "ivan" })

            let liked = try await api.api(.POST, "\(base)/inbox/\(try olga.requireID())/platform", json: #"{"action":"like"}"#)
            #expect(liked.status == .ok, "\(liked.text)")
            let history = try await InboxEvent.query(on: app.db).filter(\.$item.$id == olga.requireID()).all()
            #expect(history.contains { $0.kind == "platform_like" && $0.userID != nil }, "in the item's history, with who did it")
            let hidden = try await api.api(.POST, "\(base)/inbox/\(try ivan.requireID())/platform", json: #"{"action":"hide"}"#)
            #expect(hidden.status == .ok, "\(hidden.text)")
            let kept = try await sql.raw("SELECT action FROM sandbox_moderation ORDER BY action").all().map { try $0.decode(column: "action", as: String.self) }
            #expect(kept == ["hide", "like"], "done on the network: \(kept)")
            let unknown = try await api.api(.POST, "\(base)/inbox/\(try olga.requireID())/platform", json: #"{"action":"ban"}"#)
            #expect(unknown.status == .unprocessableEntity && unknown.apiError?.field == "action")

            // Deleting asks for a ticked box on the page; then it is gone from the network and the item is done.
            let unconfirmed = try await owner.post("/w/\(w)/inbox/\(try ivan.requireID())/platform", form: ["action": "delete"])
            #expect(unconfirmed.status == .unprocessableEntity)
            let page = try await owner.get("/w/\(w)/inbox?status=all")
            #expect(page.text.contains("Like on Sandbox") && page.text.contains("Hide on Sandbox") && page.text.contains("Delete on Sandbox"))
            let deleted = try await owner.post("/w/\(w)/inbox/\(try ivan.requireID())/platform", form: ["action": "delete", "confirm": "yes"])
            #expect(deleted.status == .seeOther)
            let left = try await sql.raw("SELECT COUNT(*) AS n FROM sandbox_events WHERE author = 'ivan'").first()?.decode(column: "n", as: Int.self)
            #expect(left == 0, "gone from the network")
            let closed = try #require(try await InboxItem.find(ivan.id, on: app.db))
            #expect(closed.deletedAt != nil && closed.status == .done && closed.resolvedAt != nil, "settled when deleted")
            let again = try await api.api(.POST, "\(base)/inbox/\(try ivan.requireID())/platform", json: #"{"action":"like"}"#)
            #expect(again.apiError?.code == "not_allowed_on_platform", "nothing more to do to a deleted item")
        }
    }

    @Test("Mastodon: like is a favourite on the server; hiding or deleting someone's reply is not offered and refused by name")
    func mastodon() async throws {
        try await MastodonScene.with { scene in
            let (app, mastodon, base) = (scene.app, scene.mastodon, scene.base)
            let item = try #require(try await InboxItem.find(UUID(uuidString: try await SavedReplyTests.comment(scene, text: "@herald спасибо!")), on: app.db))
            let olga = item.remoteID
            let page = try await scene.owner.get("/w/\(scene.workspace)/inbox?status=all")
            #expect(page.text.contains("Like on Mastodon") && !page.text.contains("Delete on Mastodon") && !page.text.contains("Hide on Mastodon"))
            let liked = try await scene.owner.post("/w/\(scene.workspace)/inbox/\(try item.requireID())/platform", form: ["action": "like"])
            #expect(liked.status == .seeOther)
            #expect(mastodon.favouritedByAccount(olga))
            let refused = try await scene.api.api(.POST, "\(base)/inbox/\(try item.requireID())/platform", json: #"{"action":"delete"}"#)
            #expect(refused.status == .unprocessableEntity && refused.apiError?.code == "not_allowed_on_platform"
                    && refused.apiError?.message.contains("Mastodon") == true, "\(refused.text)")
        }
    }
}
