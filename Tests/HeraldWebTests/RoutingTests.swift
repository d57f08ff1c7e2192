import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing
import Vapor

/// Issue 13, points 3 and 6: routing rules in order (stop included), tried on the last items
/// before saving; every automatic action in the item's history; mood and urgency read when an
/// item arrives, as filters and rule conditions.
@Suite("Inbox: routing rules, mood and urgency")
struct RoutingTests {
    static func arrive(_ app: Application, channel: UUID, _ items: [(String, String, String)]) async throws {
        let stored = try #require(try await SocialChannel.find(channel, on: app.db))
        let batch = items.enumerated().map { index, item in
            ConversationItem(remoteID: item.0, kind: .comment, authorID: item.1, authorName: "@" + item.1, text: item.2,
                             at: Date().addingTimeInterval(Double(index)))
        }
        _ = try await InboxSync.store(ConversationBatch(items: batch, cursor: nil), channel: stored, now: Date(), on: app.db)
    }

    static func item(_ app: Application, _ remote: String) async throws -> InboxItem {
        try #require(try await InboxItem.query(on: app.db).filter(\.$remoteID == remote).first())
    }

    @Test("rules from the API: checked by field, tried on the last items, applied in order as items arrive, stop honoured, each action in the history")
    func apiRules() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let api = agency.ownerAPI, base = "/api/v1/workspaces/\(agency.workspaceA)"
            let channel = try await agency.sandboxChannelA("A")
            try await Self.arrive(app, channel: channel, [
                ("o1", "pavel", "Хочу оформить возврат"), ("o2", "kate", "Where is my refund?"), ("o3", "ivan", "Спасибо, всё супер!"),
                ("o4", "lena", "Приложение не работает, это ужасно"),
            ])
            let lena = try await Self.item(app, "o4")
            #expect(lena.sentiment == "negative" && lena.urgent == true)
            #expect(lena.priority == .high, "urgent items arrive with high priority")
            #expect(try await Self.item(app, "o3").sentiment == "positive")
            let negative = RoutingTests.texts(try await api.api(.GET, "\(base)/inbox?mood=negative"))
            #expect(negative.contains("Приложение не работает, это ужасно") && !negative.contains("Спасибо, всё супер!"), "\(negative)")

            let refundRule = #"{"name":"Возвраты","conditions":{"keywords":["возврат*","refund*"]},"actions":{"priority":"high","labels":["refund"]}}"#
            let trial = try await api.api(.POST, "\(base)/routing-rules/try", json: refundRule)
            #expect(trial.json["matched"] as? Int == 2 && trial.json["tried"] as? Int == 4, "\(trial.text)")
            #expect(try await InboxEvent.query(on: app.db).count() == 0, "trying changes nothing")

            let none = try await api.api(.POST, "\(base)/routing-rules", json: #"{"name":"x","conditions":{},"actions":{"priority":"high"}}"#)
            #expect(none.apiError?.field == "keywords")
            let noAction = try await api.api(.POST, "\(base)/routing-rules", json: #"{"name":"x","conditions":{"urgent":true},"actions":{}}"#)
            #expect(noAction.apiError?.field == "assign_to")
            let badPattern = try await api.api(.POST, "\(base)/routing-rules", json: #"{"name":"x","conditions":{"pattern":"(unclosed"},"actions":{"hide":true}}"#)
            #expect(badPattern.apiError?.field == "pattern")
            let typo = try await api.api(.POST, "\(base)/routing-rules", json: #"{"name":"x","conditions":{"keyword":["a"]},"actions":{"hide":true}}"#)
            #expect(typo.apiError?.field == "conditions.keyword")
            let stranger = try await api.api(.POST, "\(base)/routing-rules", json: #"{"name":"x","conditions":{"urgent":true},"actions":{"assign_to":"\#(UUID().uuidString)"}}"#)
            #expect(stranger.apiError?.field == "assign_to")
            let editorTries = try await agency.editorAPI.api(.POST, "\(base)/routing-rules", json: refundRule)
            #expect(editorTries.status == .forbidden)

            let vip = try await Agency.create(api, "\(base)/routing-rules", #"{"name":"VIP","conditions":{"vip":["@anna_vip"]},"actions":{"priority":"urgent","assign_to":"\#(agency.editorID.uuidString)","stop":true}}"#)
            _ = try await Agency.create(api, "\(base)/routing-rules", refundRule)
            _ = try await Agency.create(api, "\(base)/routing-rules", #"{"name":"Spam","conditions":{"pattern":"casino|казино"},"actions":{"hide":true}}"#)
            let listed = try await api.api(.GET, "\(base)/routing-rules")
            #expect((listed.json["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["VIP", "Возвраты", "Spam"])

            try await Self.arrive(app, channel: channel, [
                ("n1", "olga", "Когда будет возврат денег?"), ("n2", "anna_vip", "Нужен возврат"), ("n3", "bot", "Best CASINO bonus here"),
            ])
            let refund = try await Self.item(app, "n1")
            #expect(refund.priority == .high && refund.labels == ["refund"])
            let vipItem = try await Self.item(app, "n2")
            #expect(vipItem.priority == .urgent && vipItem.assignedTo == agency.editorID && vipItem.labels.isEmpty, "VIP stops the rules after it")
            let spam = try await Self.item(app, "n3")
            #expect(spam.status == .done && spam.labels == ["spam"])
            let detail = try await api.api(.GET, "\(base)/inbox?status=all&q=возврат")
            let events = (detail.json["items"] as? [[String: Any]])?.first { $0["text"] as? String == "Нужен возврат" }?["events"] as? [[String: Any]]
            #expect(events?.compactMap { $0["rule_name"] as? String } == ["VIP", "VIP"], "\(detail.text)")
            let o1 = try await Self.item(app, "o1")
            #expect(o1.labels.isEmpty, "rules apply to what arrives after them")

            // Order: moving the refund rule above VIP makes it apply to VIP items too.
            let moved = try await api.api(.POST, "\(base)/routing-rules/\(vip)/move", json: #"{"direction":"down"}"#)
            #expect((moved.json["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Возвраты", "VIP", "Spam"])
            try await Self.arrive(app, channel: channel, [("n4", "anna_vip", "Ещё один возврат")])
            let again = try await Self.item(app, "n4")
            #expect(again.labels == ["refund"] && again.priority == .urgent, "refund first, then VIP")

            // A person's changes are in the history too, with who made them.
            _ = try await api.api(.PATCH, "\(base)/inbox/\(try again.requireID())", json: #"{"status":"done"}"#)
            let history = try await InboxEvent.query(on: app.db).filter(\.$item.$id == again.requireID()).sort(\.$at).all()
            #expect(history.last?.kind == "status" && history.last?.userID != nil && history.last?.ruleName == nil)

            let editorSees = try await agency.editorAPI.api(.GET, "/api/v1/workspaces/\(agency.workspaceB)/routing-rules")
            #expect(editorSees.status == .notFound || editorSees.status == .forbidden)
        }
    }

    @Test("a pattern that backtracks without end is refused when saved; one stored before is skipped on the text it cannot finish, and says so — the other rules still apply")
    func patternsThatCannotFinish() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let api = agency.ownerAPI, base = "/api/v1/workspaces/\(agency.workspaceA)", w = agency.workspaceA
            let channel = try await agency.sandboxChannelA("A")
            let slow = #"{"name":"Ловушка","conditions":{"pattern":"(a+)+$"},"actions":{"labels":["trap"]}}"#
            let refused = try await api.api(.POST, "\(base)/routing-rules", json: slow)
            #expect(refused.status == .unprocessableEntity && refused.apiError?.field == "pattern" && refused.apiError?.code == "pattern_too_slow",
                    "\(refused.text)")
            let page = try await agency.owner.post("/w/\(w)/settings/routing", form: ["name": "Ловушка", "pattern": "(a+)+$", "labels": "trap"])
            #expect(page.status == .unprocessableEntity && page.text.contains("takes too long on some texts") && page.text.contains("Ловушка"))

            // A rule stored before patterns were checked: the worker gives up on it within its budget.
            let trap = try await Agency.create(api, "\(base)/routing-rules", #"{"name":"Ловушка","conditions":{"pattern":"trap"},"actions":{"labels":["trap"]}}"#)
            _ = try await Agency.create(api, "\(base)/routing-rules", #"{"name":"Все","conditions":{"kinds":["comment"]},"actions":{"labels":["seen"]}}"#)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE routing_rules SET conditions = \(bind: #"{"pattern":"(a+)+$"}"#) WHERE id = \(bind: trap)").run()
            let started = ContinuousClock.now
            try await Self.arrive(app, channel: channel, [("s1", "bot", String(repeating: "a", count: 4000) + "!"), ("s2", "ann", "aaa")])
            #expect(ContinuousClock.now - started < .seconds(10), "the sync did not hang on the pattern")
            let stuck = try await Self.item(app, "s1")
            #expect(stuck.labels == ["seen"], "the other rule still applied")
            let history = try await InboxEvent.query(on: app.db).filter(\.$item.$id == stuck.requireID()).all()
            #expect(history.contains { $0.kind == "pattern_too_slow" && $0.ruleName == "Ловушка" })
            #expect(try await Self.item(app, "s2").labels == ["trap", "seen"], "on a text it can finish, the rule works")
            let inbox = try await agency.owner.get("/w/\(w)/inbox?status=all")
            #expect(inbox.text.contains("skipped: its pattern took too long on this text"))

            let trial = try await api.api(.POST, "\(base)/routing-rules/try", json: #"{"name":"x","conditions":{"pattern":"a$"},"actions":{"labels":["x"]}}"#)
            #expect(trial.json["too_slow"] as? Int == 0 && trial.json["matched"] as? Int == 1, "\(trial.text)")

            // A pattern the probes do not catch but the items do: the trial gives up after ten, not after 500 × 25 ms.
            try await Self.arrive(app, channel: channel, (0..<12).map { ("x\($0)", "bot", String(repeating: "xay", count: 40) + "!") })
            let tryStarted = ContinuousClock.now
            let slowTrial = try await api.api(.POST, "\(base)/routing-rules/try",
                                              json: #"{"name":"x","conditions":{"pattern":"((x.y)+)+z"},"actions":{"labels":["x"]}}"#)
            #expect(slowTrial.status == .unprocessableEntity && slowTrial.apiError?.code == "pattern_too_slow", "\(slowTrial.text)")
            #expect(ContinuousClock.now - tryStarted < .seconds(5))
        }
    }

    @Test("the routing page: try shows how many would have matched and keeps the form; saved rules read as sentences; up, down, remove")
    func routingPage() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA
            let channel = try await Agency.create(agency.ownerAPI, "/api/v1/workspaces/\(w)/channels", #"{"platform":"sandbox","name":"A"}"#)
            try await Self.arrive(app, channel: channel, [("p1", "a", "Где скидки?"), ("p2", "b", "Скидка не сработала"), ("p3", "c", "Hello")])
            let owner = agency.owner
            let page = try await owner.get("/w/\(w)/settings/routing")
            #expect(page.status == .ok && page.text.contains("Try on the last 500 items") && page.text.contains("No rules yet"))
            let tried = try await owner.post("/w/\(w)/settings/routing/try", form: ["name": "Скидки", "keywords": "скидк*", "labels": "promo"])
            #expect(tried.status == .ok && tried.text.contains("Would have matched 2 of the last 3 items."), "\(tried.text)")
            #expect(tried.text.contains("value=\"скидк*\"") && tried.text.contains("Скидка не сработала"))
            let bad = try await owner.post("/w/\(w)/settings/routing", form: ["name": "Скидки", "keywords": "скидк*"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("at least one action") && bad.text.contains("value=\"скидк*\""))
            #expect(try await owner.post("/w/\(w)/settings/routing", form: ["name": "Скидки", "keywords": "скидк*", "labels": "promo"]).status == .seeOther)
            _ = try await owner.postForm("/w/\(w)/settings/routing", [("name", "Жалобы"), ("sentiment", "negative"), ("kinds[]", "comment"),
                                                                      ("priority", "high")])
            let shown = try await owner.get("/w/\(w)/settings/routing")
            #expect(shown.text.contains("1. Скидки") && shown.text.contains("2. Жалобы") && shown.text.contains("labelled promo"))
            #expect(shown.text.contains("Mood: negative") && shown.text.contains("Kind: comment"))
            let rules = try await RoutingRule.query(on: app.db).sort(\.$position).all()
            let second = try rules[1].requireID()
            _ = try await owner.post("/w/\(w)/settings/routing/\(second)/move", form: ["direction": "up"])
            #expect(try await owner.get("/w/\(w)/settings/routing").text.contains("1. Жалобы"))
            _ = try await owner.post("/w/\(w)/settings/routing/\(second)/remove")
            #expect(try await RoutingRule.query(on: app.db).count() == 1)
            let editorPage = try await agency.editor.get("/w/\(w)/settings/routing")
            #expect(editorPage.status == .ok && !editorPage.text.contains("Try on the last 500 items"), "editors read the rules, do not change them")
        }
    }

    static func texts(_ response: BrowserResponse) -> [String] {
        (response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }
}

@Suite("Inbox: routing on whether the author follows the account")
struct FollowerRoutingTests {
    @Test("a 'follower' rule asks the platform once per sync for the new authors, matches followers only, keeps the answer on the item; without such a rule nobody is asked")
    func followers() async throws {
        try await MastodonScene.with { scene in
            let (app, mastodon, base) = (scene.app, scene.mastodon, scene.base)
            let post = try await Agency.create(scene.api, "\(base)/posts", #"{"text":"Новое меню","channels":["\#(scene.channel)"]}"#)
            try await Fixtures.publishNow(app, post: post)
            let remote = try #require(mastodon.posted.first?.id)
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)

            // No rule needs it: nothing is asked, nothing is known.
            mastodon.follows("olga")
            mastodon.audienceWrites("@herald а веганское есть?", from: "olga", replyingTo: remote)
            try await sync.sync(channelID: scene.channel, on: app.db)
            #expect(try await InboxItem.query(on: app.db).first()?.authorFollows == nil, "not asked without a rule that needs it")

            let rule = try await scene.api.api(.POST, "\(base)/routing-rules", json: """
                {"name":"Подписчики","conditions":{"author":"follower"},"actions":{"labels":["подписчик"],"priority":"high"}}
                """)
            #expect(rule.status == .created, "\(rule.text)")
            let refused = try await scene.api.api(.POST, "\(base)/routing-rules", json: #"{"name":"x","conditions":{"author":"fan"},"actions":{"hide":true}}"#)
            #expect(refused.apiError?.field == "author" && refused.apiError?.message.contains("follower") == true, "\(refused.text)")

            mastodon.audienceWrites("@herald во сколько открываетесь?", from: "olga", replyingTo: remote)
            mastodon.audienceWrites("@herald а доставка есть?", from: "ivan", replyingTo: remote)
            try await sync.sync(channelID: scene.channel, on: app.db)
            let items = try await InboxItem.query(on: app.db).sort(\.$at).all()
            #expect(items.count == 3)
            let olga = try #require(items.first { $0.text.contains("открываетесь") })
            let ivan = try #require(items.first { $0.text.contains("доставка") })
            #expect(olga.authorFollows == true && olga.labels.contains("подписчик") && olga.priority == .high)
            #expect(ivan.authorFollows == false && !ivan.labels.contains("подписчик") && ivan.priority == .normal)
            let listed = try await scene.api.api(.GET, "\(base)/inbox?status=all")
            let follows = (listed.json["items"] as? [[String: Any]] ?? []).compactMap { $0["author_follows"] as? Bool }
            #expect(follows.sorted { !$0 && $1 } == [false, true], "\(listed.text.prefix(0))")

            // Tried on the last items: what is known counts (olga's second item), the first was never asked.
            let trial = try await scene.api.api(.POST, "\(base)/routing-rules/try", json: #"{"name":"t","conditions":{"author":"follower"},"actions":{"hide":true}}"#)
            #expect(trial.json["matched"] as? Int == 1, "\(trial.text)")
            let page = try await scene.owner.get("/w/\(scene.workspace)/settings/routing")
            #expect(page.text.contains("follows the account (Mastodon, Bluesky, VK, Sandbox)"))
        }
    }
}

@Suite("Inbox: a routing rule switched off")
struct RoutingSwitchTests {
    @Test("switched off from the page or the API, a rule stays in its place and applies to nothing until switched on again")
    func switchOff() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let api = agency.ownerAPI, base = "/api/v1/workspaces/\(agency.workspaceA)"
            let channel = try await agency.sandboxChannelA("A")
            let rule = try await Agency.create(api, "\(base)/routing-rules", #"{"name":"Возвраты","conditions":{"keywords":["возврат*"]},"actions":{"labels":["возврат"]}}"#)
            let off = try await api.api(.PATCH, "\(base)/routing-rules/\(rule)", json: #"{"enabled":false}"#)
            #expect(off.status == .ok && off.json["enabled"] as? Bool == false, "\(off.text)")
            #expect(try await api.api(.PATCH, "\(base)/routing-rules/\(rule)", json: "{}").apiError?.field == "enabled")
            try await RoutingTests.arrive(app, channel: channel, [("s1", "pavel", "Хочу оформить возврат")])
            #expect(try await RoutingTests.item(app, "s1").labels.isEmpty, "off: not applied")
            let page = try await agency.owner.get("/w/\(agency.workspaceA)/settings/routing")
            #expect(page.text.contains("off: kept in its place, not applied") && page.text.contains("Switch on"))
            let on = try await agency.owner.post("/w/\(agency.workspaceA)/settings/routing/\(rule)/switch", form: ["enabled": "true"])
            #expect(on.status == .seeOther)
            try await RoutingTests.arrive(app, channel: channel, [("s2", "kate", "Нужен возврат денег")])
            #expect(try await RoutingTests.item(app, "s2").labels == ["возврат"], "on again: applied")
        }
    }
}
