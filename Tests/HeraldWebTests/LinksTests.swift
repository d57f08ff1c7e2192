import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import SQLKit
import Synchronization
import Testing
import Vapor

/// Issue 14, point 5: links in posts go out as Herald's short links with the campaign's UTM
/// parameters — the composer shows the very link the platform receives — and each click is
/// counted per post, channel and campaign, bots left out, visitors as daily salted hashes; the
/// redirect keeps answering while the database is stalled; a link-in-bio page with its own counts.
@Suite("Short links and link in bio")
struct LinksTests {
    static let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
    static let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile Safari/604.1"

    @Test("shortened in the check, the detail and at the server alike; clicks counted per post, channel and campaign, bots left out")
    func shortenedAndCounted() async throws {
        let emulator = MastodonEmulator()
        try await emulator.start()
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA, base = "/api/v1/workspaces/\(w)", api = agency.ownerAPI
            let channel = try await OneAssemblyTests.mastodonChannel(app, workspace: w, emulator: emulator)
            let campaign = try await Agency.create(api, "\(base)/campaigns", #"{"name":"Осень","utm_source":"{platform}","utm_campaign":"autumn"}"#)
            // Only owners and admins switch shortening on.
            #expect(try await agency.editorAPI.api(.PUT, "\(base)/links/settings", json: #"{"shorten":true}"#).status == .forbidden)
            let settings = try await api.api(.PUT, "\(base)/links/settings", json: #"{"shorten":true}"#)
            #expect(settings.status == .ok && settings.json["shortening"] as? Bool == true, "\(settings.text)")
            let wrong = try await api.api(.PUT, "\(base)/links/settings", json: #"{"shorten":"yes"}"#)
            #expect(wrong.status == .unprocessableEntity && wrong.apiError?.field == "shorten", "\(wrong.text)")
            let host = app.herald.baseURL

            let draft = #"{"text":"Новый сорт: https://shop.example/coffee","channels":["\#(channel)"],"campaign_id":"\#(campaign)"}"#
            let check = try await api.api(.POST, "\(base)/posts/check", json: draft)
            let checked = try #require((check.json["items"] as? [[String: Any]])?.first?["final_text"] as? String)
            #expect(checked == "Новый сорт: \(host)/l/\(LinkShortening.placeholder)", "a new post: the short link's shape, \(checked)")
            let post = try await Agency.create(api, "\(base)/posts", draft)
            let tagged = "https://shop.example/coffee?utm_source=mastodon&utm_campaign=autumn"
            let slug = LinkShortening.slug(post: post, channel: channel, url: tagged)
            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let final = (detail.json["targets"] as? [[String: Any]])?.first?["check"] as? [String: Any]
            #expect(final?["final_text"] as? String == "Новый сорт: \(host)/l/\(slug)", "\(String(describing: final))")
            #expect(try await agency.owner.get("/w/\(w)/posts/\(post)").text.contains("\(host)/l/\(slug)"), "the preview shows it")

            #expect(try await api.api(.POST, "\(base)/posts/\(post)/schedule", json: #"{"date":"2031-05-04","time":"10:00"}"#).status == .ok)
            let due = try #require(try await Post.find(post, on: app.db)?.scheduledAt)
            try await Scheduler.tick(now: due, on: app.db)
            try await app.runtime.makeWorker(database: app.runtime.database).publisher.runOnce(now: due, on: app.db)
            #expect(emulator.posted.map(\.text) == ["Новый сорт: \(host)/l/\(slug)"], "the server got the checked text")

            // Clicks: two people (three clicks), a link preview bot, an unknown and a malformed slug.
            let visitor = try TestBrowser(app: app)
            func click(_ path: String, agent: String) async throws -> BrowserResponse {
                try await visitor.send(.GET, path, headers: ["User-Agent": agent], body: nil, useCookies: false)
            }
            for agent in [Self.firefox, Self.firefox, Self.safari, "TelegramBot (like TwitterBot)", ""] {
                let answer = try await click("/l/\(slug)", agent: agent)
                #expect(answer.status == .found && answer.location == tagged, "\(answer.status) \(String(describing: answer.location))")
            }
            #expect(try await click("/l/zzzzzzzz", agent: Self.firefox).status == .notFound)
            #expect(try await click("/l/%3Cscript%3E", agent: Self.firefox).status == .notFound)
            let redirects = try #require(app.linkRedirects)
            #expect(redirects.waiting == 3, "the bot and the empty agent are not counted")
            #expect(await redirects.flush())
            #expect(redirects.waiting == 0)

            let links = try await api.api(.GET, "\(base)/links?kind=post")
            let item = try #require((links.json["items"] as? [[String: Any]])?.first, "\(links.text)")
            #expect(item["clicks"] as? Int == 3 && item["visitors"] as? Int == 2, "\(item)")
            #expect(item["post_id"] as? String == post.uuidString && item["channel_id"] as? String == channel.uuidString
                    && item["campaign_id"] as? String == campaign.uuidString && item["target"] as? String == tagged)
            #expect(try await api.api(.GET, "\(base)/links?kind=everything").status == .unprocessableEntity)
            let sql = try #require(app.db as? any SQLDatabase)
            let hashes = try await sql.raw("SELECT hash FROM link_visitors").all().map { try $0.decode(column: "hash", as: String.self) }
            #expect(hashes.count == 2 && hashes.allSatisfy { $0.count == 24 && !$0.contains("Firefox") }, "only salted hashes are kept")
            // A later second: the Firefox visitor again and someone new — one more visitor, two more clicks.
            for agent in [Self.firefox, Self.firefox + " (another)"] { _ = try await click("/l/\(slug)", agent: agent) }
            #expect(await redirects.flush())
            let later = try #require((try await api.api(.GET, "\(base)/links?kind=post").json["items"] as? [[String: Any]])?.first)
            #expect(later["clicks"] as? Int == 5 && later["visitors"] as? Int == 3, "\(later)")

            let page = try await agency.owner.get("/w/\(w)/links")
            #expect(page.status == .ok && page.text.contains("/l/\(slug)") && page.text.contains("Осень") && page.text.contains("By campaign"))
            _ = try await agency.owner.get("/language?set=ru&next=/")
            #expect(try await agency.owner.get("/w/\(w)/links").text.contains("По кампаниям"))
            // Another workspace sees none of it.
            let otherLinks = try await api.api(.GET, "/api/v1/workspaces/\(agency.workspaceB)/links")
            #expect(otherLinks.status == .ok && (otherLinks.json["items"] as? [Any])?.isEmpty == true, "\(otherLinks.text)")
        }
        await emulator.stop()
    }

    @Test("the redirect answers while the database is locked; the clicks wait and are all written once it is free")
    func stalledDatabase() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA, base = "/api/v1/workspaces/\(w)", api = agency.ownerAPI
            let added = try await api.api(.POST, "\(base)/links", json: #"{"label":"Shop","url":"https://shop.example/"}"#)
            #expect(added.status == .created, "\(added.text)")
            let slug = try #require(added.json["slug"] as? String)
            let visitor = try TestBrowser(app: app)
            func click() async throws -> HTTPResponseStatus {
                try await visitor.send(.GET, "/l/\(slug)", headers: ["User-Agent": Self.firefox], body: nil, useCookies: false).status
            }
            #expect(try await click() == .found, "the first click reads the link")

            // Another connection holds the tables the clicks are written to.
            let other = try SeparatePool.databases(app.herald.database)
            let db = other.database(logger: app.logger, on: SeparatePool.loop)!
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            let (locked, lockedSignal) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try? await db.transaction { tx in
                    let sql = tx as! any SQLDatabase
                    if sql.dialect.name == "postgresql" {
                        try await sql.raw("LOCK TABLE link_clicks, link_salts IN ACCESS EXCLUSIVE MODE").run()
                    } else {
                        try await sql.raw("INSERT INTO link_salts (day, salt) VALUES ('held', 'x')").run()
                    }
                    lockedSignal.yield()
                    for await _ in release { break }
                    throw CancellationError()  // roll back
                }
            }
            for await _ in locked { break }
            let redirects = try #require(app.linkRedirects)
            let finished = Mutex(false)
            let flushing = Task {
                let written = await redirects.flush()
                finished.withLock { $0 = true }
                return written
            }
            // The write has taken the first click out of memory (and waits for the lock) before the new ones come.
            let deadline = ContinuousClock.now + .seconds(5)
            while redirects.waiting > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            // The lock is held until released below: each redirect is answered without the database.
            for _ in 0..<20 { #expect(try await click() == .found) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(finished.withLock { $0 } == false, "the write waits for the lock")
            #expect(redirects.waiting == 20, "the new clicks wait in memory")
            releaseSignal.yield()
            await holder.value
            if await !flushing.value { #expect(await redirects.flush()) }
            await redirects.flush()
            await other.shutdownAsync()
            let links = try await api.api(.GET, "\(base)/links?kind=bio")
            #expect((links.json["items"] as? [[String: Any]])?.first?["clicks"] as? Int == 21, "\(links.text)")
        }
    }

    @Test("a busy second's clicks, more links than one write takes, are all written a part at a time, each once")
    func flushInParts() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let sql = try #require(app.db as? any SQLDatabase)
            let count = LinkRedirects.linksPerWrite * 2 + 17
            let slugs = (0..<count).map { index in
                let digits = String(index)
                return "pt" + String(repeating: "0", count: LinkShortening.slugLength - 2 - digits.count) + digits
            }
            for chunk in stride(from: 0, to: slugs.count, by: 200).map({ Array(slugs[$0..<min(slugs.count, $0 + 200)]) }) {
                let insert = sql.insert(into: "short_links").columns("id", "workspace_id", "slug", "target", "created_at")
                for slug in chunk {
                    insert.values(SQLBind(UUID()), SQLBind(agency.workspaceA), SQLBind(slug), SQLBind("https://shop.example/\(slug)"), SQLBind(Date()))
                }
                try await insert.run()
            }
            let redirects = try #require(app.linkRedirects)
            for (index, slug) in slugs.enumerated() {
                let target = try #require(try await redirects.target(slug))
                redirects.count(target, address: "10.0.\(index / 250).\(index % 250)", userAgent: Self.firefox)
                if index % 3 == 0 { redirects.count(target, address: "10.0.\(index / 250).\(index % 250)", userAgent: Self.firefox) }
            }
            #expect(await redirects.flush(pause: .zero))
            let totals = try #require(try await sql.raw("SELECT COUNT(*) AS links, CAST(SUM(clicks) AS BIGINT) AS clicks, CAST(SUM(visitors) AS BIGINT) AS visitors FROM link_clicks").first())
            #expect(try totals.decode(column: "links", as: Int.self) == count)
            #expect(try totals.decode(column: "clicks", as: Int.self) == count + (count + 2) / 3)
            #expect(try totals.decode(column: "visitors", as: Int.self) == count, "each visitor once")
        }
    }

    @Test("link in bio: a public page of entries, checked fields, removal, tenancy")
    func bio() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA, base = "/api/v1/workspaces/\(w)", api = agency.ownerAPI
            let missing = try await api.api(.POST, "\(base)/links", json: #"{"url":"https://shop.example/"}"#)
            #expect(missing.status == .unprocessableEntity && (missing.json["error"] as? [String: Any])?["field"] as? String == "label")
            let bad = try await api.api(.POST, "\(base)/links", json: #"{"label":"Shop","url":"javascript:alert(1)"}"#)
            #expect(bad.status == .unprocessableEntity && (bad.json["error"] as? [String: Any])?["field"] as? String == "url", "\(bad.text)")
            #expect(try await agency.editorAPI.api(.POST, "\(base)/links", json: #"{"label":"Shop","url":"https://shop.example/"}"#).status == .forbidden)
            let shop = try await api.api(.POST, "\(base)/links", json: #"{"label":"<b>Shop</b>","url":"https://shop.example/"}"#)
            _ = try await api.api(.POST, "\(base)/links", json: #"{"label":"Blog","url":"https://blog.example/"}"#)
            let list = try await api.api(.GET, "\(base)/links?kind=bio")
            let page = try #require((list.json["bio_url"] as? String).flatMap(URL.init(string:))?.path)
            let visitor = try TestBrowser(app: app)
            let public1 = try await visitor.send(.GET, page, headers: [:], body: nil, useCookies: false)
            #expect(public1.status == .ok && public1.text.contains("&lt;b&gt;Shop&lt;/b&gt;") && public1.text.contains("Blog"))
            #expect(public1.text.range(of: "&lt;b&gt;Shop")!.lowerBound < public1.text.range(of: "Blog")!.lowerBound, "in the order added")
            let slug = try #require(shop.json["slug"] as? String), id = try #require(shop.json["id"] as? String)
            #expect(public1.text.contains("/l/\(slug)"))
            // The other workspace cannot remove it; its owner can.
            #expect(try await api.api(.DELETE, "/api/v1/workspaces/\(agency.workspaceB)/links/\(id)").status == .notFound)
            // Another process (a second server or worker on the same database) has the link in memory.
            let other = LinkRedirects(database: { app.db }, logger: app.logger)
            #expect(try await other.target(slug) != nil)
            #expect(try await api.api(.DELETE, "\(base)/links/\(id)").status == .noContent)
            #expect(try await other.target(slug) != nil, "still in the other process's memory until it looks")
            #expect(await other.followRemovals() == 1)
            #expect(try await other.target(slug) == nil, "forgotten there too")
            #expect(try await visitor.send(.GET, "/l/\(slug)", headers: ["User-Agent": Self.firefox], body: nil, useCookies: false).status == .notFound)
            #expect(try await visitor.send(.GET, "/b/unknown", headers: [:], body: nil, useCookies: false).status == .notFound)
            // The page form works the same way.
            let form = try await agency.owner.post("/w/\(w)/links/bio", form: ["label": "", "url": "https://x.example/"])
            #expect(form.status == .unprocessableEntity && form.text.contains("This field is required."))
        }
    }
}
