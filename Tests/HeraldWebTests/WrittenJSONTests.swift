import Fluent
import Foundation
import HeraldApp
import HeraldCore
import HeraldFixtures
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@testable import HeraldWeb

/// The API's post list is written by hand (`WrittenJSON`); it must stay what `APIJSON.encoder`
/// wrote before, byte for byte, so no client and no schema sees a difference.
@Suite("The API's post list written by hand: APIJSON.encoder's bytes")
struct WrittenJSONTests {
    static let texts = ["Пост", "a/b", "</script>", "\"quoted\"", "back\\slash", "line\nbreak", "\t", "\u{0}", "\u{1F}",
                        "☕️", "👩‍👩‍👧", "\u{2028}", "https://example.com/?a=1&b=2", "", " "]

    @Test("5,000 seeded lists: every field present or absent, every status, dates with fractions")
    func seededLists() throws {
        var random = SeededGenerator(seed: 20261207)
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &random) ? value : nil }
        func moment() -> Date {
            Date(timeIntervalSince1970: (Double.random(in: 0..<4_102_444_800, using: &random) * 1e6).rounded(.down) / 1e6)
        }
        for index in 0..<5_000 {
            let items = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                PostDTO(PostSummaries.Row(
                    id: UUID(), text: (0..<Int.random(in: 0...5, using: &random)).map { _ in Self.texts.randomElement(using: &random)! }.joined(),
                    status: PostStatus.allCases.randomElement(using: &random)!.rawValue, campaignID: maybe(UUID()), authorID: maybe(UUID()),
                    scheduledAt: maybe(moment()), createdAt: maybe(moment()), updatedAt: maybe(moment())))
            }
            let list = ListDTO(items: items, nextOffset: maybe(Int.random(in: 0...100_000, using: &random)))
            let expected = try APIJSON.encoder.encode(list)
            var writer = JSONWriter(escapesSlashes: true)
            list.write(into: &writer)
            #expect(Data(writer.bytes) == expected, "list \(index): \(String(decoding: writer.bytes, as: UTF8.self))")
        }
    }

    @Test("over HTTP: the list's body and Content-Type are what the encoder gives for the same rows, on this database")
    func overHTTP() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            try await app.db.writeTransaction { tx in
                for (index, text) in Self.texts.enumerated() where !text.isEmpty && !text.contains("\u{0}") { // PostgreSQL text holds no NUL
                    let post = Post(workspaceID: w, authorID: nil, text: "\(index) \(text)")
                    if index.isMultiple(of: 2) {
                        post.statusName = PostStatus.scheduled.rawValue
                        post.scheduledAt = Date(timeIntervalSince1970: 1_930_000_000.123456 + Double(index) * 3_600)
                    }
                    try await post.create(on: tx)
                }
            }
            let response = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?limit=10")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "application/json; charset=utf-8")
            let user = try #require(try await User.query(on: app.db).first())
            let access = try await WorkspaceAccess.resolve(userID: try user.requireID(), user: user, workspaceID: w, on: app.db)
            let found = try await PostService.list(access, page: try PageRequest.parse(limit: "10", offset: nil), on: app.db)
            #expect(found.items.count == 10 && found.next == 10)
            let expected = try APIJSON.encoder.encode(ListDTO(items: found.items.map(PostDTO.init), nextOffset: found.next))
            #expect(response.text == String(decoding: expected, as: UTF8.self))
        }
    }
}
