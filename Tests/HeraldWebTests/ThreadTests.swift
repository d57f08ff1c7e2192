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

/// Issue 11, point 2: a thread's parts are steps of their publication, sent in order, each a reply
/// to the part before it; an answer lost in the middle is resolved by reading the platform and the
/// thread resumes after the last part that is out — no part twice, none lost.
@Suite("Threads as steps of their publication")
struct ThreadTests {
    @Test("a Mastodon thread of three: chained replies; a lost answer on part 2 is found, not resent; part 3 answers it")
    func mastodonThread() async throws {
        try await MastodonScene.with { scene in
            let (app, owner, w, api, channel, mastodon, base) = (scene.app, scene.owner, scene.workspace, scene.api, scene.channel,
                                                                 scene.mastodon, scene.base)
            let post = try await Agency.create(api, "\(base)/posts", """
                {"text":"Как мы делаем кофе: тред 🧵","channels":["\(channel)"],
                 "variants":[{"channel_id":"\(channel)","thread":["Шаг 1: зерно https://shop.example/beans","  ","Шаг 2: вода"]}]}
                """)
            let draft = try await api.api(.GET, "\(base)/posts/\(post)")
            #expect((draft.json["targets"] as? [[String: Any]])?.first?["thread"] as? [String] == ["Шаг 1: зерно https://shop.example/beans", "Шаг 2: вода"],
                    "empty parts are left out")

            try await Fixtures.publishNow(app, post: post, steps: false)  // the post; then part 2, its answer lost
            #expect(mastodon.posted.count == 1)
            let steps = try #require(app.runtime.makeWorker(database: app.runtime.database).steps)
            mastodon.inject(.dropConnection(afterStore: true))
            try await steps.runOnce(on: app.db)
            #expect(mastodon.posted.count == 2, "part 2 is stored, its answer lost")
            // Later runs (past any retry delay): part 2 is found by reading, part 3 is sent once.
            for minutes in [2.0, 5, 10, 20] { try await steps.runOnce(now: Date().addingTimeInterval(minutes * 60), on: app.db) }

            let statuses = mastodon.posted
            #expect(statuses.count == 3, "\(statuses.map(\.text))")
            #expect(statuses.map(\.text) == ["Как мы делаем кофе: тред 🧵", "Шаг 1: зерно https://shop.example/beans", "Шаг 2: вода"])
            if statuses.count == 3 {
                #expect(statuses[1].inReplyToID == statuses[0].id && statuses[2].inReplyToID == statuses[1].id, "each answers the one before")
            }
            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            let thread = try #require(publication["thread"] as? [[String: Any]])
            #expect(thread.map { $0["state"] as? String } == ["published", "published"])
            #expect(thread.first?["remote_id"] as? String == statuses.dropFirst().first?.id)
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("Thread, post 2: published") && page.text.contains("Thread, post 3: published"))

            // Deleting it from Mastodon takes the thread with it; the record stays.
            #expect(page.text.contains("Delete from Mastodon"))
            let id = try #require(publication["id"] as? String)
            let unconfirmed = try await owner.post("/w/\(w)/posts/\(post)/publications/\(id)/remove", form: [:])
            #expect(unconfirmed.status == .unprocessableEntity && mastodon.posted.count == 3, "a ticked box is needed")
            let removed = try await api.api(.POST, "\(base)/posts/\(post)/publications/\(id)/remove")
            #expect(removed.status == .accepted, "\(removed.text)")
            try await steps.runOnce(on: app.db)
            #expect(mastodon.posted.isEmpty, "\(mastodon.posted.map(\.text))")
            let after = try await api.api(.GET, "\(base)/posts/\(post)")
            let record = try #require((after.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(record["state"] as? String == "published" && (record["removal"] as? [String: Any])?["state"] as? String == "published")
            let shown = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(shown.text.contains("Deleted from Mastodon: done") && !shown.text.contains("Delete from Mastodon</summary>"))
            let again = try await api.api(.POST, "\(base)/posts/\(post)/publications/\(id)/remove")
            #expect(again.status == .accepted && mastodon.posted.isEmpty)
        }
    }

    @Test("the composer: parts typed in one box split on ---; a thread where the platform has none, or a part over the limit, blocks")
    func composerChecks() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let base = "/api/v1/workspaces/\(w)"
            let sandbox = try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"Play"}"#)
            let check = try await api.api(.POST, "\(base)/posts/check", json: """
                {"text":"Hello","channels":["\(sandbox)"],"variants":[{"channel_id":"\(sandbox)","thread":["more"]}]}
                """)
            let item = try #require((check.json["items"] as? [[String: Any]])?.first)
            #expect((item["findings"] as? [[String: Any]])?.contains { $0["code"] as? String == "thread_unsupported" } == true, "\(check.text)")
            #expect(item["publishable"] as? Bool == false)

            let blocked = ThreadText.split("Часть 2\r\n---\r\n\r\n---\nЧасть 3\nвторая строка\n --- \n")
            #expect(blocked == ["Часть 2", "Часть 3\nвторая строка"])
            let rules = PlatformRules.defaults(for: .bluesky)
            let outgoing = Outgoing.assemble(VariantContent(text: "Hi", thread: ["ok", String(repeating: "я", count: 301)]),
                                             for: .bluesky, context: AssemblyContext(voice: .none), rules: rules)
            #expect(outgoing.check.findings.map(\.code).contains("thread_part_too_long") && !outgoing.isPublishable)
            #expect(outgoing.check.findings.first { $0.code == "thread_part_too_long" }?.message.rendered(in: .en)
                    == "Bluesky: post 3 of the thread is 1 characters over the 300 limit.")
        }
    }
}
