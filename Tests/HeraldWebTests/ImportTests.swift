import HeraldApp
import Fluent
import Foundation
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Bulk import from CSV")
struct ImportTests {
    static let header = "date,time,time_zone,channels,text,media,campaign,first_comment\n"

    @Test("all rows valid: imported and scheduled in their zones")
    func valid() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let csv = Self.header + """
                2027-03-29,09:00,Europe/Berlin,VK group|Bluesky,"Привет, весна! #весна",,,"Подробности в профиле"
                2027-11-08,09:00,America/New_York,vk group,Second,,,
                """
            let response = try await s.api.api(.POST, "/api/v1/workspaces/\(s.workspace)/imports", json: csv,
                                               headers: ["Content-Type": "text/csv"])
            #expect(response.status == .ok)
            #expect(response.json["imported"] as? Int == 2)
            let posts = try await Post.query(on: app.db).sort(\.$scheduledAt).all()
            #expect(posts.map(\.scheduledAt) == [ISO8601DateFormatter().date(from: "2027-03-29T07:00:00Z"),
                                                 ISO8601DateFormatter().date(from: "2027-11-08T14:00:00Z")])
            #expect(posts.allSatisfy { $0.status == .scheduled })
            #expect(try await PostTarget.query(on: app.db).count() == 3)
            #expect(try await PostTarget.query(on: app.db).filter(\.$firstComment == "Подробности в профиле").count() == 2)
        }
    }

    @Test("one bad row: nothing written, every problem by line and column; only_valid and dry_run")
    func invalid() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let path = "/api/v1/workspaces/\(s.workspace)/imports"
            let long = String(repeating: "a", count: 301)
            let csv = Self.header + """
                2027-03-29,09:00,,VK group,Fine,,,
                2027-02-30,25:00,Mars/Base,Myspace,,photo.jpg,Nope,
                2027-03-30,10:00,,Bluesky,\(long),,,
                """
            let refused = try await s.api.api(.POST, path, json: csv, headers: ["Content-Type": "text/csv"])
            #expect(refused.status == .unprocessableEntity)
            let problems = (refused.json["problems"] as? [[String: Any]] ?? []).map { "\($0["line"]!):\($0["column"]!)" }
            #expect(problems == ["3:date", "3:time_zone", "3:channels", "3:text", "3:media", "3:campaign", "4:text"])
            let messages = (refused.json["problems"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(messages.contains("No channel named “Myspace” in this workspace."))
            #expect(messages.contains("Bluesky: 1 characters over the 300 limit."))
            #expect(try await Post.query(on: app.db).count() == 0)

            let dry = try await s.api.api(.POST, path + "?dry_run=true", json: csv, headers: ["Content-Type": "text/csv"])
            #expect(dry.status == .ok && dry.json["valid"] as? Int == 1 && dry.json["imported"] as? Int == 0)
            #expect(try await Post.query(on: app.db).count() == 0)
            let partial = try await s.api.api(.POST, path + "?only_valid=true", json: csv, headers: ["Content-Type": "text/csv"])
            #expect(partial.json["imported"] as? Int == 1)
            #expect(try await Post.query(on: app.db).count() == 1)

            let columns = try await s.api.api(.POST, path, json: "date,time,channel,text\n", headers: ["Content-Type": "text/csv"])
            #expect(columns.apiError?.field == "channel")
        }
    }

    @Test("web upload (multipart) and the CLI use the same rules")
    func webAndCLI() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let owner = try TestBrowser(app: app)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            let csv = "date;time;channels;text\n2027-05-01;09:00;VK group;Через точку с запятой\n"
            let boundary = "herald-test-boundary"
            let body = """
                --\(boundary)\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n\(owner.csrfToken ?? "")\r\n\
                --\(boundary)\r\nContent-Disposition: form-data; name="file"; filename="posts.csv"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n\
                --\(boundary)--\r\n
                """
            let response = try await owner.send(.POST, "/w/\(s.workspace)/import",
                                                headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"],
                                                body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(response.text.contains("1 of 1 rows imported."))
            #expect(try await Post.query(on: app.db).filter(\.$text == "Через точку с запятой").count() == 1)
        }
    }
}
