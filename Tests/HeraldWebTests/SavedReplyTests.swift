import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 13, point 4: saved replies with variables, filled in from the item and by the person;
/// editors' answers waiting for an approver where the workspace asks for it; a rule answering by
/// itself through the worker, never twice.
@Suite("Inbox: saved replies, approval, automatic answers")
struct SavedReplyTests {
    /// A published post with one comment from @olga in the inbox; answers the item's id.
    static func comment(_ scene: MastodonScene, text: String = "@herald когда доставка?") async throws -> String {
        let post = try await Agency.create(scene.api, "\(scene.base)/posts", #"{"text":"Новое меню","channels":["\#(scene.channel)"]}"#)
        try await Fixtures.publishNow(scene.app, post: post)
        let remote = try #require(scene.mastodon.posted.first?.id)
        scene.mastodon.audienceWrites(text, from: "olga", replyingTo: remote)
        let sync = try #require(scene.app.runtime.makeWorker(database: scene.app.runtime.database).inbox)
        try await sync.sync(channelID: scene.channel, on: scene.app.db)
        let listed = try await scene.api.api(.GET, "\(scene.base)/inbox")
        return try #require((listed.json["items"] as? [[String: Any]])?.first?["id"] as? String)
    }

    @Test("a saved reply is filled in from the item and the person; one left unfilled is refused by name; the page inserts it")
    func savedReplies() async throws {
        try await MastodonScene.with { scene in
            let item = try await Self.comment(scene)
            let saved = try await scene.api.api(.POST, "\(scene.base)/saved-replies", json: """
                {"name":"Доставка","language":"ru","text":"{name}, заказ {order} в пути. Меню: {post_link}"}
                """)
            #expect(saved.status == .created && saved.json["variables"] as? [String] == ["name", "order", "post_link"], "\(saved.text)")
            let savedID = try #require(saved.json["id"] as? String)
            let twice = try await scene.api.api(.POST, "\(scene.base)/saved-replies", json: #"{"name":"Доставка","text":"x"}"#)
            #expect(twice.status == .conflict && twice.apiError?.field == "name")

            let missing = try await scene.api.api(.POST, "\(scene.base)/inbox/\(item)/reply", json: #"{"saved_reply":"\#(savedID)"}"#)
            #expect(missing.apiError?.field == "variables.order" && missing.apiError?.message.contains("{order}") == true, "\(missing.text)")
            let sent = try await scene.api.api(.POST, "\(scene.base)/inbox/\(item)/reply",
                                               json: #"{"saved_reply":"\#(savedID)","variables":{"order":"№ 1042"}}"#)
            #expect(sent.status == .created && sent.json["state"] as? String == "published", "\(sent.text)")
            let status = try #require(scene.mastodon.posted.last?.text)
            #expect(status.contains("olga, заказ № 1042 в пути. Меню: http"), "\(status)")

            // The page: Insert fills what Herald knows and leaves {order}; sending it as is names what to fill in.
            let w = scene.workspace
            let inserted = try await scene.owner.get("/w/\(w)/inbox?status=all&draft=\(item)&saved=\(savedID)")
            #expect(inserted.text.contains(">olga, заказ {order} в пути. Меню: http"), "the answer box is filled")
            #expect(inserted.text.contains("formmethod=\"get\"") && inserted.text.contains(">Доставка</option>"))
            try await scene.api.api(.PATCH, "\(scene.base)/inbox/\(item)", json: #"{"status":"open"}"#)
            let unfilled = try await scene.owner.post("/w/\(w)/inbox/\(item)/reply", form: ["text": "olga, заказ {order} в пути"])
            #expect(unfilled.status == .unprocessableEntity, "\(unfilled.status)")
            let page = try await scene.owner.get("/w/\(w)/settings/saved-replies")
            #expect(page.text.contains("Доставка") && page.text.contains("{post_link}"))
        }
    }

    @Test("where the workspace asks for it, an editor's answer waits: nothing is sent until an approver approves; the first decision wins")
    func approval() async throws {
        try await MastodonScene.with { scene in
            let item = try await Self.comment(scene)
            #expect(try await scene.api.api(.PATCH, scene.base, json: #"{"reply_approval":true}"#).json["reply_approval"] as? Bool == true)
            let member = try await scene.api.api(.POST, "\(scene.base)/members", json: """
                {"email":"ed@agency.test","name":"Ed Editor","password":"\(Fixtures.password)","role":"editor"}
                """)
            #expect(member.status == .created)
            let editor = try TestBrowser(app: scene.app)
            try await Fixtures.signIn(editor, email: "ed@agency.test")
            let editorAPI = TestBrowser.sharing(editor, token: try await Fixtures.createToken(editor, name: "ed"))
            let posted = scene.mastodon.posted.count
            let waiting = try await editorAPI.api(.POST, "\(scene.base)/inbox/\(item)/reply", json: #"{"text":"Завтра утром"}"#)
            #expect(waiting.json["state"] as? String == "pending_approval", "\(waiting.text)")
            #expect(scene.mastodon.posted.count == posted, "nothing sent yet")
            let replyID = try #require(waiting.json["id"] as? String)
            let second = try await editorAPI.api(.POST, "\(scene.base)/inbox/\(item)/reply", json: #"{"text":"Ещё ответ"}"#)
            #expect(second.status == .conflict, "one answer at a time")
            #expect(try await editorAPI.api(.POST, "\(scene.base)/inbox/replies/\(replyID)/approve").status == .forbidden)
            let page = try await scene.owner.get("/w/\(scene.workspace)/inbox?status=all")
            #expect(page.text.contains("Waiting for approval") && page.text.contains("Approve and send"))
            let approved = try await scene.owner.post("/w/\(scene.workspace)/inbox/replies/\(replyID)", form: ["decision": "approve"])
            #expect(approved.status == .seeOther)
            #expect(scene.mastodon.posted.count == posted + 1 && scene.mastodon.posted.last?.text.contains("Завтра утром") == true)
            let again = try await scene.api.api(.POST, "\(scene.base)/inbox/replies/\(replyID)/approve")
            #expect(again.status == .conflict, "decided once")
            #expect(try await InboxReply.find(UUID(uuidString: replyID), on: scene.app.db)?.approvedBy != nil)
        }
    }

    @Test("a rule answers with a saved reply: queued in the sync, sent once by the worker, in the item's history; one with blanks to fill is refused")
    func automaticAnswer() async throws {
        try await MastodonScene.with { scene in
            let thanks = try await Agency.create(scene.api, "\(scene.base)/saved-replies", #"{"name":"Спасибо","text":"{name}, спасибо за отзыв!"}"#)
            let order = try await Agency.create(scene.api, "\(scene.base)/saved-replies", #"{"name":"Заказ","text":"Заказ {order}"}"#)
            let refused = try await scene.api.api(.POST, "\(scene.base)/routing-rules", json: """
                {"name":"x","conditions":{"sentiment":"positive"},"actions":{"reply":"\(order)"}}
                """)
            #expect(refused.apiError?.field == "reply" && refused.apiError?.message.contains("{order}") == true, "\(refused.text)")
            _ = try await Agency.create(scene.api, "\(scene.base)/routing-rules", """
                {"name":"Благодарность","conditions":{"sentiment":"positive"},"actions":{"reply":"\(thanks)","labels":["отзыв"]}}
                """)
            _ = try await Self.comment(scene, text: "@herald спасибо, всё очень вкусно!")
            let reply = try #require(try await InboxReply.query(on: scene.app.db).first())
            #expect(reply.state == "queued" && reply.text == "olga, спасибо за отзыв!")
            #expect(!scene.mastodon.posted.contains { $0.text.contains("спасибо за отзыв") }, "the answer waits for the worker")
            let replies = try #require(scene.app.runtime.makeWorker(database: scene.app.runtime.database).replies)
            #expect(try await replies.runOnce(on: scene.app.db) == 1)
            #expect(try await replies.runOnce(on: scene.app.db) == 0, "never twice")
            #expect(scene.mastodon.posted.last?.text.contains("olga, спасибо за отзыв!") == true)
            #expect(try await InboxReply.find(reply.id, on: scene.app.db)?.state == "published")
            let events = try await InboxEvent.query(on: scene.app.db).filter(\.$kind == "replied").all()
            #expect(events.count == 1 && events.first?.ruleName == "Благодарность" && events.first?.detail == "Спасибо")

            // A send cut short by a crash is left for a person, never sent again by itself.
            let stuck = InboxReply()
            stuck.$workspace.id = scene.workspace
            stuck.$item.id = reply.$item.id
            stuck.text = "lost"
            stuck.state = "publishing"
            stuck.idempotencyKey = "k"
            try await stuck.create(on: scene.app.db)
            try await replies.runOnce(now: Date().addingTimeInterval(660), on: scene.app.db)
            #expect(try await InboxReply.find(stuck.id, on: scene.app.db)?.state == "unknown")
        }
    }
}
