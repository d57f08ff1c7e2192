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

/// Issue 14, point 6: a report for a client over a period — summary, charts, best posts, campaigns
/// with their link clicks — printable (print stylesheet), every table as CSV, open to the client's
/// approvers, and made every month when the workspace asks.
@Suite("Reports for clients")
struct ReportsTests {
    @Test("the report page, its CSV tables, the approver's access and the monthly list")
    func report() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA, base = "/api/v1/workspaces/\(w)", api = agency.ownerAPI
            let channelID = try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"Shop","access_token":"report-a"}"#)
            let campaign = try await Agency.create(api, "\(base)/campaigns", #"{"name":"Зима"}"#)
            let owner = try #require(try await User.query(on: app.db).filter(\.$email != Agency.editorEmail).first())
            let access = try await WorkspaceAccess.resolve(userID: try owner.requireID(), user: owner, workspaceID: w, on: app.db)
            let channel = try #require(try await SocialChannel.find(channelID, on: app.db))
            let now = Date()
            try await SandboxHistory.generate(app.runtime, access, channel: channel, count: 40, days: 20, media: [], seed: 3, now: now)
            for day in 1...4 {
                try await SandboxHistory.published(app.runtime, access, text: "Зимняя распродажа \(day)", media: [], channel: channel,
                                                   at: now.addingTimeInterval(-Double(day) * 86_400), campaign: campaign)
            }
            while try await SandboxNetwork.advance(now: now, batch: 500, on: app.db) > 0 {}
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).metrics)
            _ = try await sync.read(channelID: channelID, now: now, on: app.db)
            // A campaign link clicked twice.
            let sql = try #require(app.db as? any SQLDatabase)
            let post = try #require(try await Post.query(on: app.db).filter(\.$campaignID == campaign).first())
            try await ShortLinks.ensure(workspace: w, post: try post.requireID(), channel: channelID, campaign: campaign,
                                        links: [("Zima0001", "https://shop.example/winter")], now: now, on: sql)
            let redirects = try #require(app.linkRedirects)
            for _ in 0..<2 {
                let target = try #require(try await redirects.target("Zima0001"))
                redirects.count(target, address: "192.0.2.1", userAgent: LinksTests.firefox)
            }
            #expect(await redirects.flush())

            let (fromDay, toDay) = ReportPeriod.days(now.addingTimeInterval(-30 * 86_400), now, in: access.workspace.zone)
            let path = "/w/\(w)/reports/view?from=\(fromDay)&to=\(toDay)"
            let page = try await agency.owner.get(path)
            #expect(page.status == .ok)
            #expect(page.text.contains("Report for Client A: \(fromDay) – \(toDay)") && page.text.contains("role=\"img\""))
            #expect(page.text.contains("class=\"hint no-print\"") && page.text.contains("Зима"), "campaigns are listed")
            let css = try await agency.owner.get("/assets/herald.css")
            #expect(css.text.contains("@media print{header.top,nav.sections,nav.sections-menu,footer,form"))

            // Every table as CSV, from the page and the API alike.
            for table in ClientReport.Table.allCases {
                let csv = try await agency.owner.get(path + "&format=csv&table=\(table.rawValue)")
                #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv", "\(table): \(csv.status)")
                let lines = csv.text.split(separator: "\n")
                #expect(!lines.isEmpty)
                if table == .campaigns {
                    let row = lines.last.map(String.init) ?? ""
                    #expect(lines.first == "campaign,posts,interactions,link_clicks" && row.hasPrefix("\"Зима\",4,") && row.hasSuffix(",2"), "\(csv.text)")
                }
            }
            let wrong = try await api.api(.GET, "\(base)/reports/view?format=csv&table=everything")
            #expect(wrong.status == .unprocessableEntity && wrong.apiError?.field == "table")
            let json = try await api.api(.GET, "\(base)/reports/view?from=\(fromDay)&to=\(toDay)")
            let campaigns = try #require(json.json["campaigns"] as? [[String: Any]], "\(json.text.prefix(300))")
            #expect(campaigns.first?["name"] as? String == "Зима" && campaigns.first?["posts"] as? Int == 4 && campaigns.first?["link_clicks"] as? Int == 2)
            #expect((json.json["dashboard"] as? [String: Any])?["current"] != nil)

            // The client's approver opens the report; only owners and admins switch monthly reports on.
            let approver = try await api.api(.POST, "\(base)/members", json: """
                {"email":"client@client-a.test","name":"Клиент","password":"\(Fixtures.password)","role":"approver"}
                """)
            #expect(approver.status == .created)
            let client = try TestBrowser(app: app)
            try await Fixtures.signIn(client, email: "client@client-a.test")
            #expect(try await client.get(path).status == .ok)
            #expect(try await client.get("/w/\(w)/reports").text.contains("Reports"))
            let clientAPI = TestBrowser.sharing(client, token: try await Fixtures.createToken(client, name: "client"))
            #expect(try await clientAPI.api(.PUT, "\(base)/reports/settings", json: #"{"monthly":true}"#).status == .forbidden)
            // Another workspace's report is not theirs.
            #expect(try await clientAPI.api(.GET, "/api/v1/workspaces/\(agency.workspaceB)/reports/view").status == .notFound)

            // Monthly: switching on makes last month's report at once; the hourly round adds no second one.
            let on = try await api.api(.PUT, "\(base)/reports/settings", json: #"{"monthly":true}"#)
            let (first, last) = ClientReports.previousMonth(of: now, in: access.workspace.zone)
            let items = try #require(on.json["items"] as? [[String: Any]], "\(on.text)")
            #expect(on.json["monthly"] as? Bool == true && items.count == 1 && items.first?["first_day"] as? String == first
                    && items.first?["last_day"] as? String == last)
            _ = try await app.runtime.makeMaintenance().run(now: now, on: app.db)
            #expect(try await ClientReports.makeMonthly(now: now.addingTimeInterval(40 * 86_400), on: app.db) == 1, "a month later, the next one")
            let list = try await client.get("/w/\(w)/reports")
            #expect(list.text.contains("\(first) – \(last)"), "the client sees the monthly reports")
            #expect(try await api.api(.GET, "\(base)/reports").json["items"] as? [Any] != nil)
            _ = try await client.get("/language?set=ru&next=/")
            #expect(try await client.get(path).text.contains("Отчёт для Client A"))
        }
    }

    @Test("the month before: across a year's end and a leap February, in the workspace's zone")
    func previousMonth() throws {
        let zone = try TimeZoneName.parse("Asia/Vladivostok", field: "z")
        // 2027-01-01 00:30 in Vladivostok is still 2026-12-31 in UTC.
        let newYear = Schedule.instant(of: LocalDateTime(year: 2027, month: 1, day: 1, hour: 0, minute: 30), in: zone).date
        #expect(ClientReports.previousMonth(of: newYear, in: zone) == ("2026-12-01", "2026-12-31"))
        #expect(ClientReports.previousMonth(of: newYear, in: .utc) == ("2026-11-01", "2026-11-30"))
        let march = Schedule.instant(of: LocalDateTime(year: 2028, month: 3, day: 10, hour: 12, minute: 0), in: zone).date
        #expect(ClientReports.previousMonth(of: march, in: zone) == ("2028-02-01", "2028-02-29"))
    }
}
