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

/// Issue 13, point 2: working the inbox — full-text search in English and Russian (endings do
/// not matter), priority, labels, snooze, departments, many items at once, and what the same
/// customer said before — from the page and the API, never across workspaces.
@Suite("Inbox: working the items")
struct InboxWorkTests {
    /// Items in workspace A (Sandbox channel) and one in B, stored as a sync would store them.
    static func items(_ app: Application, _ agency: Agency) async throws -> (channel: UUID, ids: [String: UUID]) {
        let channelA = try await agency.sandboxChannelA("A on Sandbox")
        let t = Date().addingTimeInterval(-3600)
        func item(_ id: String, _ author: String, _ text: String, _ minutes: Double) -> ConversationItem {
            ConversationItem(remoteID: id, kind: .comment, authorID: author, authorName: "@" + author, text: text, at: t.addingTimeInterval(minutes * 60))
        }
        let a = try #require(try await SocialChannel.find(channelA, on: app.db))
        let b = try #require(try await SocialChannel.find(agency.channelB, on: app.db))
        _ = try await InboxSync.store(ConversationBatch(items: [
            item("a1", "anna", "Спасибо за быструю доставку!", 0),
            item("a2", "anna", "Где мой заказ? Доставка задерживается", 10),
            item("b1", "bob", "I want a refund for my order", 20),
            item("c1", "carl", "Отличные скидки <b>сегодня</b>", 30),
        ], cursor: nil), channel: a, now: Date(), on: app.db)
        _ = try await InboxSync.store(ConversationBatch(items: [item("x1", "anna", "Секретный заказ клиента B", 5)], cursor: nil),
                                      channel: b, now: Date(), on: app.db)
        var ids: [String: UUID] = [:]
        for row in try await InboxItem.query(on: app.db).all() { ids[row.remoteID] = row.id }
        return (channelA, ids)
    }

    static func texts(_ response: BrowserResponse) -> [String] {
        (response.json["items"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    @Test("search finds words whatever their endings, in Russian and English, within the workspace only")
    func search() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            _ = try await Self.items(app, agency)
            let base = "/api/v1/workspaces/\(agency.workspaceA)/inbox"
            let api = agency.ownerAPI
            #expect(Self.texts(try await api.api(.GET, "\(base)?q=заказы")) == ["Где мой заказ? Доставка задерживается"])
            #expect(Self.texts(try await api.api(.GET, "\(base)?q=%D0%B4%D0%BE%D1%81%D1%82%D0%B0%D0%B2%D0%BA%D0%BE%D0%B9")).count == 2, "доставкой finds доставку and доставка")
            #expect(Self.texts(try await api.api(.GET, "\(base)?q=refunds")) == ["I want a refund for my order"])
            #expect(Self.texts(try await api.api(.GET, "\(base)?q=anna")).count == 2, "the author's name is searched too")
            #expect(Self.texts(try await api.api(.GET, "\(base)?q=%22%3B%20DROP%20TABLE")).isEmpty, "odd input finds nothing, breaks nothing")
            #expect(!Self.texts(try await api.api(.GET, "\(base)?q=заказ")).contains("Секретный заказ клиента B"), "B's items stay in B")
            let editorInB = try await agency.editorAPI.api(.GET, "/api/v1/workspaces/\(agency.workspaceB)/inbox?q=заказ")
            #expect(editorInB.status == .notFound || editorInB.status == .forbidden)
            let page = try await agency.editor.get("/w/\(agency.workspaceA)/inbox?q=%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7%D0%B0&status=all")
            #expect(page.status == .ok && page.text.contains("Где мой заказ?") && !page.text.contains("I want a refund") && !page.text.contains("Секретный"))
            let tooLong = try await api.api(.GET, "\(base)?q=\(String(repeating: "a", count: 201))")
            #expect(tooLong.apiError?.field == "q")
        }
    }

    @Test("search answers the newest matches of all time, in order, whether they sit in the last week, month, half-year or before")
    func searchAcrossWindows() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let channel = try await agency.sandboxChannelA("Old and new")
            let sandbox = try #require(try await SocialChannel.find(channel, on: app.db))
            let now = Date()
            let ages = [1.0, 3, 10, 40, 200, 400]
            // Stored oldest first, as syncs store them (SQLite answers the latest stored; PostgreSQL the latest by time).
            let batch = ages.reversed().map { days in
                ConversationItem(remoteID: "w\(Int(days))", kind: .comment, authorID: "u\(Int(days))", authorName: "@u",
                                 text: "Возврат заказа, \(Int(days)) дн.", at: now.addingTimeInterval(-days * 86_400))
            } + [ConversationItem(remoteID: "other", kind: .comment, authorID: "z", authorName: "@z", text: "Привет", at: now)]
            _ = try await InboxSync.store(ConversationBatch(items: batch, cursor: nil), channel: sandbox, now: now, on: app.db)
            let sql = try #require(app.db as? any SQLDatabase)
            var remote: [UUID: String] = [:]
            for row in try await InboxItem.query(on: app.db).all() { remote[try row.requireID()] = row.remoteID }
            for limit in [1, 2, 3, 4, 5, 6, 10] {
                let found = try await InboxSearch.ids(workspaceID: agency.workspaceA, query: "заказ", limit: limit, now: now, on: sql)
                #expect(found.compactMap { remote[$0] } == Array(ages.prefix(limit)).map { "w\(Int($0))" }, "limit \(limit)")
            }
        }
    }

    @Test("with more than 500 open low items waiting, a newer urgent or normal one that ran out still comes first in the open view",
          arguments: ["urgent", "normal"])
    func pressingBeyondTheOldest(priority: String) async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let owner = try #require(try await User.query(on: app.db).filter(\.$email == Fixtures.ownerEmail).first())
            let access = try await WorkspaceAccess.resolve(userID: try owner.requireID(), user: owner, workspaceID: agency.workspaceA, on: app.db)
            // Open every hour of every day; low items have a year, the newer one an hour to a first answer.
            _ = try await ServiceLevelService.save(access, .init(days: Dictionary(uniqueKeysWithValues: (1...7).map { ($0, ("00:00", "24:00")) }),
                                                                 holidays: [], targets: ["low": (8760, 8760), priority: (1, 4)]), on: app.db)
            let access2 = try await WorkspaceAccess.resolve(userID: try owner.requireID(), user: owner, workspaceID: agency.workspaceA, on: app.db)
            let channel = try await agency.sandboxChannelA("Busy")
            let sandbox = try #require(try await SocialChannel.find(channel, on: app.db))
            let now = Date()
            let old = (0..<510).map { index in
                ConversationItem(remoteID: "old-\(index)", kind: .comment, authorID: "a\(index)", authorName: "@a",
                                 text: "Вопрос \(index)", at: now.addingTimeInterval(-3 * 86_400 + Double(index)))
            }
            let fresh = ConversationItem(remoteID: "fire", kind: .comment, authorID: "b", authorName: "@b", text: "Горит!",
                                         at: now.addingTimeInterval(-2 * 3600))
            _ = try await InboxSync.store(ConversationBatch(items: old + [fresh], cursor: nil), channel: sandbox, now: now, on: app.db)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE inbox_items SET priority = 'low'").run()
            try await sql.raw("UPDATE inbox_items SET priority = \(bind: priority) WHERE remote_id = 'fire'").run()
            let open = try await InboxService.list(access2, InboxService.Filter(status: .open, limit: 100), now: now, on: app.db)
            #expect(open.first?.item.remoteID == "fire" && open.first?.clock?.state == .breached,
                    "\(open.prefix(3).map { ($0.item.remoteID, String(describing: $0.clock?.state)) })")
            #expect(open.count == 100)
        }
    }

    @Test("priority, labels, snooze and departments from the API and the page; bad values name their field and change nothing")
    func work() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let (_, ids) = try await Self.items(app, agency)
            let api = agency.ownerAPI, base = "/api/v1/workspaces/\(agency.workspaceA)"
            let anna = try #require(ids["a2"]), bob = try #require(ids["b1"]), carl = try #require(ids["c1"])

            let urgent = try await api.api(.PATCH, "\(base)/inbox/\(anna)", json: #"{"priority":"urgent","labels":["Delivery","срочно"]}"#)
            #expect(urgent.json["priority"] as? String == "urgent" && urgent.json["labels"] as? [String] == ["delivery", "срочно"], "\(urgent.text)")
            #expect(Self.texts(try await api.api(.GET, "\(base)/inbox?priority=urgent")) == ["Где мой заказ? Доставка задерживается"])
            #expect(Self.texts(try await api.api(.GET, "\(base)/inbox?label=delivery")).count == 1)
            let badLabel = try await api.api(.PATCH, "\(base)/inbox/\(anna)", json: #"{"labels":["no spaces allowed"]}"#)
            #expect(badLabel.apiError?.field == "labels")
            let badPriority = try await api.api(.PATCH, "\(base)/inbox/\(anna)", json: #"{"priority":"asap"}"#)
            #expect(badPriority.apiError?.field == "priority")
            #expect(try await InboxItem.find(anna, on: app.db)?.labels == ["delivery", "срочно"], "nothing half-written")

            // Snoozed: out of the open view until it wakes; a time in the past is refused.
            let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            #expect(try await api.api(.PATCH, "\(base)/inbox/\(bob)", json: #"{"snoozed_until":"\#(later)"}"#).status == .ok)
            #expect(!Self.texts(try await api.api(.GET, "\(base)/inbox?status=open")).contains("I want a refund for my order"))
            #expect(Self.texts(try await api.api(.GET, "\(base)/inbox?status=snoozed")) == ["I want a refund for my order"])
            let past = try await api.api(.PATCH, "\(base)/inbox/\(bob)", json: #"{"snoozed_until":"2020-01-01T09:00"}"#)
            #expect(past.apiError?.field == "snoozed_until")
            #expect(try await api.api(.PATCH, "\(base)/inbox/\(bob)", json: #"{"snoozed_until":""}"#).json["snoozed_until"] == nil)

            // Departments: created with members, given items, found by them; removing one keeps its items.
            let me = try #require(try await User.query(on: app.db).filter(\.$email == "owner@agency.test").first()?.id)
            let support = try await Agency.create(api, "\(base)/departments", #"{"name":"Поддержка","members":["\#(me.uuidString)"]}"#)
            let twice = try await api.api(.POST, "\(base)/departments", json: #"{"name":"Поддержка"}"#)
            #expect(twice.status == .conflict && twice.apiError?.field == "name")
            let stranger = try await api.api(.POST, "\(base)/departments", json: #"{"name":"Sales","members":["\#(UUID().uuidString)"]}"#)
            #expect(stranger.apiError?.field == "members")
            #expect(try await api.api(.PATCH, "\(base)/inbox/\(carl)", json: #"{"department":"\#(support.uuidString)"}"#).status == .ok)
            #expect(Self.texts(try await api.api(.GET, "\(base)/inbox?department=\(support.uuidString)")) == ["Отличные скидки <b>сегодня</b>"])
            let editorTries = try await agency.editorAPI.api(.POST, "\(base)/departments", json: #"{"name":"Editors"}"#)
            #expect(editorTries.status == .forbidden, "only those who manage settings")
            #expect(try await api.api(.DELETE, "\(base)/departments/\(support)").status == .noContent)
            #expect(try await InboxItem.find(carl, on: app.db)?.departmentID == nil)

            // The page: one form per item; the editor works items too.
            let w = agency.workspaceA
            let saved = try await agency.editor.post("/w/\(w)/inbox/\(carl)/work", form: [
                "assigned_to": agency.editorID.uuidString, "priority": "high", "labels": "скидки, promo", "snoozed_until": ""])
            #expect(saved.status == .seeOther, "\(saved.text)")
            let worked = try #require(try await InboxItem.find(carl, on: app.db))
            #expect(worked.priority == .high && worked.labels == ["скидки", "promo"] && worked.assignedTo == agency.editorID)
            let refused = try await agency.editor.post("/w/\(w)/inbox/\(carl)/work", form: ["priority": "high", "labels": "a,b,c,d,e,f,g,h,i,j,k"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("at most 10 labels"))
            let page = try await agency.editor.get("/w/\(w)/inbox?status=all&label=promo")
            #expect(page.text.contains("class=\"label\">promo") && page.text.contains("&lt;b&gt;сегодня") && page.text.contains("form=\"bulk\""))
        }
    }

    @Test("many items at once (page and API): all change or none; what the customer said before is shown")
    func bulkAndHistory() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let (_, ids) = try await Self.items(app, agency)
            let api = agency.ownerAPI, base = "/api/v1/workspaces/\(agency.workspaceA)"
            let anna = try #require(ids["a2"]), bob = try #require(ids["b1"]), other = try #require(ids["x1"])
            let done = try await api.api(.POST, "\(base)/inbox/bulk", json: #"{"items":["\#(anna)","\#(bob)"],"status":"done","add_label":"vip"}"#)
            #expect((done.json["items"] as? [[String: Any]])?.count == 2, "\(done.text)")
            for id in [anna, bob] {
                let item = try #require(try await InboxItem.find(id, on: app.db))
                #expect(item.status == .done && item.labels == ["vip"])
            }
            let mixed = try await api.api(.POST, "\(base)/inbox/bulk", json: #"{"items":["\#(anna)","\#(other)"],"status":"open"}"#)
            #expect(mixed.status == .notFound, "an item of another workspace is not found here")
            #expect(try await InboxItem.find(anna, on: app.db)?.status == .done, "and nothing changed")
            let nothing = try await api.api(.POST, "\(base)/inbox/bulk", json: #"{"items":["\#(anna)"]}"#)
            #expect(nothing.status == .unprocessableEntity)

            let w = agency.workspaceA
            let form = try await agency.owner.postForm("/w/\(w)/inbox/bulk", [("items[]", anna.uuidString), ("items[]", bob.uuidString),
                                                                                        ("status", "open"), ("priority", ""), ("assigned_to", "")])
            #expect(form.status == .seeOther, "\(form.text)")
            #expect(try await InboxItem.find(bob, on: app.db)?.status == .open)
            let none = try await agency.owner.postForm("/w/\(w)/inbox/bulk", [("status", "done")])
            #expect(none.status == .unprocessableEntity && none.text.contains("Select the items"))

            let history = try await api.api(.GET, "\(base)/inbox/\(anna)/history")
            #expect(Self.texts(history) == ["Спасибо за быструю доставку!"], "same author, same platform, this workspace only")
            let page = try await agency.owner.get("/w/\(w)/inbox?status=all")
            #expect(page.text.contains("Earlier from @anna") && page.text.contains("Спасибо за быструю доставку!"))
        }
    }

    @Test("an edit on the platform follows: the new words replace the old, which stay in the item's history; the same words again change nothing")
    func editsFollow() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let (channel, ids) = try await Self.items(app, agency)
            let stored = try #require(try await SocialChannel.find(channel, on: app.db))
            let edited = ConversationItem(remoteID: "a2", kind: .comment, authorID: "anna", authorName: "@anna",
                                          text: "Где мой заказ? Уже нашёлся, спасибо!", at: Date())
            #expect(try await InboxSync.store(ConversationBatch(items: [edited], cursor: nil), channel: stored, now: Date(), on: app.db) == 0)
            let item = try #require(try await InboxItem.find(ids["a2"], on: app.db))
            #expect(item.text == "Где мой заказ? Уже нашёлся, спасибо!" && item.sentiment == "positive")
            let events = try await InboxEvent.query(on: app.db).filter(\.$item.$id == item.requireID()).all()
            #expect(events.map(\.kind) == ["edited"] && events.first?.detail == "Где мой заказ? Доставка задерживается")
            _ = try await InboxSync.store(ConversationBatch(items: [edited], cursor: nil), channel: stored, now: Date(), on: app.db)
            #expect(try await InboxEvent.query(on: app.db).filter(\.$kind == "edited").count() == 1, "the same words again: nothing new")
            let found = try await agency.ownerAPI.api(.GET, "/api/v1/workspaces/\(agency.workspaceA)/inbox?q=нашёлся")
            #expect((found.json["items"] as? [[String: Any]])?.count == 1, "search finds the new words")
        }
    }

    @Test("removing a channel whose audience wrote to it keeps those items (the channel is archived, no longer synced)")
    func removingAChannelKeepsItsInbox() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let (channel, _) = try await Self.items(app, agency)
            let removed = try await agency.ownerAPI.api(.DELETE, "/api/v1/workspaces/\(agency.workspaceA)/channels/\(channel)")
            #expect(removed.status == .noContent, "\(removed.text)")
            #expect(try await InboxItem.query(on: app.db).filter(\.$channel.$id == channel).count() == 4, "the conversation is kept")
            #expect(try await SocialChannel.find(channel, on: app.db)?.archivedAt != nil)
            let listed = try await agency.ownerAPI.api(.GET, "/api/v1/workspaces/\(agency.workspaceA)/inbox?q=заказ")
            #expect((listed.json["items"] as? [[String: Any]])?.count == 1)
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)
            #expect(try await sync.sync(channelID: channel, on: app.db) == 0, "an archived channel is not read")
        }
    }
}
