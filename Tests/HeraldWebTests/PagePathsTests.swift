import Foundation
import HeraldCore
import HeraldTestSupport
import Testing
@testable import HeraldWeb

/// The links in e-mails and Telegram notices (`PagePaths`) are the web's own paths (`SiteURL`),
/// and each opens a page.
@Suite("Links in messages")
struct PagePathsTests {
    @Test("each path a message links to is the web's path for that page, and opens it for the owner")
    func samePaths() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let post = try await Agency.create(api, "/api/v1/workspaces/\(w)/posts", #"{"text":"Пост"}"#)
            let item = UUID()
            let pairs: [(String, String)] = [
                (PagePaths.post(w, post), SiteURL.workspace(w, .post(post)).path),
                (PagePaths.today(w), SiteURL.workspace(w, .today).path),
                (PagePaths.notifications(w), SiteURL.workspace(w, .notifications).path),
                (PagePaths.channels(w), SiteURL.workspace(w, .channels).path),
                (PagePaths.report(w, from: "2026-11-01", to: "2026-11-30"), SiteURL.workspace(w, .report).path + "?from=2026-11-01&to=2026-11-30"),
                (PagePaths.inboxItem(w, item), SiteURL.workspace(w, .inbox).path + "?status=all#item-\(item.uuidString)"),
                (PagePaths.account, SiteURL.account.path),
                (PagePaths.passwordLink("abc"), SiteURL.passwordSet("abc").path),
            ]
            for (message, web) in pairs {
                #expect(message.lowercased() == web.lowercased(), "\(message) ≠ \(web)")
            }
            for (message, _) in pairs.dropLast() {
                let path = String(message.split(separator: "#").first ?? "")
                let page = try await owner.get(path)
                #expect(page.status == .ok, "\(path) answered \(page.status)")
            }
        }
    }
}
