import Fluent
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@testable import HeraldWeb

/// What `/api/v1` reads from the query string: exactly what `/api/openapi.json` declares per route
/// (anything else refused by name), and the post list's filters, which answer what the calendar's
/// filters show.
@Suite("API query parameters: declared, checked, and the post list's filters")
struct APIQueryTests {
    /// Every documented route, with its path filled in (this workspace, other ids made up).
    static func requests(workspace: UUID) -> [(method: HTTPMethod, path: String, endpoint: OpenAPIDocument.Endpoint)] {
        OpenAPIDocument.endpoints.map { endpoint in
            let path = endpoint.path.split(separator: "/").map { segment in
                segment == "{workspace}" ? workspace.uuidString : segment.hasPrefix("{") ? UUID().uuidString : String(segment)
            }.joined(separator: "/")
            return (HTTPMethod(rawValue: endpoint.method.uppercased()), "/api/v1/" + path, endpoint)
        }
    }

    @Test("every route refuses a parameter it does not read, naming it and what it reads; nothing is done")
    func unknownRefused() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let before = try await (Workspace.query(on: app.db).count(), Post.query(on: app.db).count())
            for (method, path, endpoint) in Self.requests(workspace: w) {
                // A body that would be valid for some routes: refused before it is read.
                let response = try await api.api(method, path + "?stauts=failed&limit=5", json: method == .GET || method == .DELETE ? nil : "{}")
                let error = try #require(response.apiError, "\(method) \(path): \(response.status)")
                #expect(response.status == .unprocessableEntity, "\(method) \(path)")
                #expect(error.code == "unknown_parameter" && error.field == "stauts", "\(method) \(path): \(error)")
                let names = endpoint.query.map(\.name)
                if names.isEmpty {
                    #expect(error.message.contains("takes no query parameters"), "\(error.message)")
                } else {
                    #expect(error.message.contains(names.joined(separator: ", ")), "\(method) \(path): \(error.message)")
                }
            }
            let after = try await (Workspace.query(on: app.db).count(), Post.query(on: app.db).count())
            #expect(before == after)
            // Percent-encoded names are read as names; empty pairs are nothing; Russian for a Russian reader.
            let encoded = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?&&st%61tus=draft&x%20y=1")
            #expect(encoded.apiError?.code == "unknown_parameter" && encoded.apiError?.field == "x y")
            api.acceptLanguage = "ru"
            let refused = try await api.api(.GET, "/api/v1/workspaces/\(w)/channels?limit=5")
            #expect(refused.apiError?.message == "Этот адрес не принимает параметров в строке запроса; «limit» он не читает.")
        }
    }

    @Test("every declared parameter reaches its route (never refused as unknown), and the document lists it")
    func declaredAccepted() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let document = try JSONSerialization.jsonObject(with: try OpenAPIDocument.json(serverURL: "http://h")) as? [String: Any]
            let paths = try #require(document?["paths"] as? [String: [String: [String: Any]]])
            var checked = 0
            for (method, path, endpoint) in Self.requests(workspace: w) where !endpoint.query.isEmpty {
                let declared = (paths[endpoint.path]?[endpoint.method]?["parameters"] as? [[String: Any]] ?? [])
                    .filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
                #expect(declared == endpoint.query.map(\.name), "\(endpoint.method) \(endpoint.path)")
                for parameter in endpoint.query {
                    let response = try await api.api(method, path + "?\(parameter.name)=", json: method == .GET ? nil : "{}")
                    #expect(response.apiError?.code != "unknown_parameter", "\(method) \(path) ?\(parameter.name)")
                    checked += 1
                }
            }
            #expect(checked >= 30)
        }
    }

    @Test("the post list narrows by status, channel, campaign and author — alone and together — as the posts say")
    func postListFilters() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let user = try #require(try await User.query(on: app.db).first()).requireID()
            let channels = [try await Fixtures.channel(app, workspace: w, platform: .mastodon, name: "A"),
                            try await Fixtures.channel(app, workspace: w, platform: .telegram, name: "B")]
            let campaign = Campaign(workspaceID: w)
            campaign.name = "Spring"
            try await campaign.create(on: app.db)
            let campaignID = try campaign.requireID()
            // 24 posts: every status, author or none, campaign or none, targets none/A/B/both.
            struct Made { var id: UUID; var status: PostStatus; var author: UUID?; var campaign: UUID?; var channels: Set<UUID> }
            var made: [Made] = []
            for index in 0..<24 {
                let status = PostStatus.allCases[index % PostStatus.allCases.count]
                let post = Post(workspaceID: w, authorID: index.isMultiple(of: 2) ? user : nil, text: "Post \(index)")
                post.statusName = status.rawValue
                post.campaignID = index % 3 == 0 ? campaignID : nil
                try await post.create(on: app.db)
                let id = try post.requireID()
                let targets: Set<UUID> = [[], [channels[0]], [channels[1]], Set(channels)][index % 4]
                for channel in targets {
                    try await PostTarget(workspaceID: w, postID: id, channelID: channel, text: nil, firstComment: nil, link: nil).create(on: app.db)
                }
                made.append(Made(id: id, status: status, author: index.isMultiple(of: 2) ? user : nil, campaign: post.campaignID, channels: targets))
            }
            func listed(_ query: String) async throws -> Set<UUID> {
                let response = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?limit=200&\(query)")
                #expect(response.status == .ok, "\(query): \(response.text)")
                return Set((response.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) })
            }
            let cases: [(String, (Made) -> Bool)] = [
                ("", { _ in true }),
                ("status=scheduled", { $0.status == .scheduled }),
                ("status=in_review", { $0.status == .inReview }),
                ("channel=\(channels[0])", { $0.channels.contains(channels[0]) }),
                ("channel=\(channels[1].uuidString.lowercased())", { $0.channels.contains(channels[1]) }),
                ("campaign=\(campaignID)", { $0.campaign == campaignID }),
                ("author=\(user)", { $0.author == user }),
                ("author=\(UUID())", { _ in false }),
                ("status=draft&channel=\(channels[1])&author=\(user)", { $0.status == .draft && $0.channels.contains(channels[1]) && $0.author == user }),
                ("status=&channel=", { _ in true }),
            ]
            for (query, admits) in cases {
                let expected = Set(made.filter(admits).map(\.id))
                #expect(try await listed(query) == expected, "\(query)")
            }
            // Pages of a filtered list: each post once, in order, newest first.
            var seen: [UUID] = [], offset: Int? = 0
            while let from = offset {
                let page = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?limit=2&offset=\(from)&channel=\(channels[0])")
                seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) }
                offset = page.json["next_offset"] as? Int
            }
            #expect(seen.count == Set(seen).count && Set(seen) == Set(made.filter { $0.channels.contains(channels[0]) }.map(\.id)))

            // Bad values are refused by name; another workspace's channel is "not of this workspace".
            let other = try await Fixtures.channel(app, workspace: try await {
                let organization = try #require(try await Organization.query(on: app.db).first())
                let workspace = Workspace(organizationID: try organization.requireID(), name: "Other", timeZone: .utc, language: .en)
                try await workspace.create(on: app.db)
                return try workspace.requireID()
            }(), platform: .mastodon, name: "Theirs")
            let refusals: [(String, String, String)] = [
                ("status=failed", "invalid_choice", "status"), ("status=Scheduled", "invalid_choice", "status"),
                ("channel=abc", "invalid_id", "channel"), ("campaign=1", "invalid_id", "campaign"), ("author=%00", "invalid_id", "author"),
                ("channel=\(other)", "unknown_channel", "channel"), ("campaign=\(UUID())", "unknown_campaign", "campaign"),
            ]
            for (query, code, field) in refusals {
                let response = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?\(query)")
                #expect(response.status == .unprocessableEntity && response.apiError?.code == code && response.apiError?.field == field,
                        "\(query): \(response.text)")
            }
            let failed = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?status=failed")
            #expect(failed.apiError?.message == "“failed” is not allowed here; use one of: draft, in_review, approved, scheduled, published.")
        }
    }

    @Test("format= and urgent= take only what they say: json or csv, true or false")
    func strictValues() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            for path in ["inbox/report", "reports/view?table=summary"] {
                let csv = try await api.api(.GET, "/api/v1/workspaces/\(w)/\(path)\(path.contains("?") ? "&" : "?")format=csv")
                #expect(csv.status == .ok && csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true, "\(path)")
                let base = path.split(separator: "?")[0]
                let json = try await api.api(.GET, "/api/v1/workspaces/\(w)/\(base)?format=json")
                #expect(json.status == .ok && json.headers.first(name: .contentType)?.hasPrefix("application/json") == true, "\(path)")
                let typo = try await api.api(.GET, "/api/v1/workspaces/\(w)/\(base)?format=cvs")
                #expect(typo.apiError?.code == "invalid_choice" && typo.apiError?.field == "format", "\(path): \(typo.text)")
            }
            let tableAlone = try await api.api(.GET, "/api/v1/workspaces/\(w)/reports/view?table=posts")
            #expect(tableAlone.status == .unprocessableEntity && tableAlone.apiError?.code == "table_without_csv" && tableAlone.apiError?.field == "table",
                    "\(tableAlone.text)")
            for (value, ok) in [("true", true), ("1", true), ("false", true), ("0", true), ("yes", false), ("on", false)] {
                let response = try await api.api(.GET, "/api/v1/workspaces/\(w)/inbox?urgent=\(value)")
                #expect((response.status == .ok) == ok, "urgent=\(value): \(response.text)")
                if !ok { #expect(response.apiError?.code == "invalid_flag" && response.apiError?.field == "urgent") }
            }
            let id = try await api.api(.GET, "/api/v1/workspaces/\(w)/inbox?channel=nope")
            #expect(id.apiError?.message == "“nope” is not an id: Herald's ids look like 3F2504E0-4F89-11D3-9A0C-0305E82C3301.")
        }
    }
}
