import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 9, point 2: a publication that is publishing, published or unknown is never deleted,
/// replaced or orphaned — by any write path. Every kind of edit × every publication state; the
/// publication row is compared field by field before and after.
@Suite("The publication invariant on every write path")
struct PublicationInvariantTests {
    /// One post on two channels (A: Sandbox, B: Mastodon) with a media file, a campaign and a
    /// variant on A, whose publication on A is put in a given state.
    struct Case {
        let app: Application
        let api: TestBrowser
        let workspace: UUID
        let channelA: UUID
        let channelB: UUID
        let post: UUID
        let media: UUID
        let campaign: UUID
        let editorID: UUID
        var w: String { "/api/v1/workspaces/\(workspace)" }
    }

    /// What must stay exactly as it was.
    struct Snapshot: Equatable {
        var id: UUID?, state: String, remoteID: String?, url: String?, publishedAt: Date?, post: UUID, target: UUID, channel: UUID

        init(_ record: PublicationRecord) {
            (id, state, remoteID, url) = (record.id, record.stateName, record.remoteID, record.url)
            (publishedAt, post, target, channel) = (record.publishedAt, record.$post.id, record.$target.id, record.$channel.id)
        }
    }

    enum Edit: String, CaseIterable, Sendable {
        case text, media, variantText, variantMedia, variantLink, variantFirstComment, variantOptions
        case removeChannel, addChannel, ad, campaign, unschedule, deletePost, deleteChannel, deleteMedia
        case removeMember, importRows
    }

    static let states: [PublicationState] = [
        .scheduled, .publishing(attempt: 1, leaseOwner: "w1"),
        .published(remoteID: "r-1", url: "https://sandbox.example/r-1", at: Date(timeIntervalSince1970: 1_900_000_000)),
        .failed(.rejected, platformMessage: "nope"), .unknown(.noAnswer, platformMessage: "timeout"),
    ]

    @Test("edits of any kind leave a publication that may be out exactly as it was", arguments: states)
    func invariant(state: PublicationState) async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            for edit in Edit.allCases {
                // setup
                let c = try await Self.make(app: app, api: api, workspace: workspace, state: state, tag: edit.rawValue)
                let before = try await Self.publication(c)
                // MUT
                let status = try await Self.apply(edit, to: c)
                // validate
                let after = try await PublicationRecord.find(before.id, on: app.db).map(Snapshot.init)
                if state.mayBeOut {
                    #expect(after == before, "\(edit) on a \(state.kind) publication changed it (answer \(status.code))")
                    let allowed: Set<UInt> = edit == .removeMember || edit == .importRows || (edit == .deleteChannel && state.kind == .published)
                        ? [200, 201, 204] : [409]
                    #expect(allowed.contains(status.code), "\(edit) on a \(state.kind) publication answered \(status.code)")
                } else if edit == .deleteMedia {
                    #expect(status.code == 409, "the scheduled post still needs its file")
                } else {
                    #expect(status.code < 300, "\(edit) on a \(state.kind) publication answered \(status.code)")
                }
            }
        }
    }

    @Test("the database refuses to remove or move what may be out, whatever the path")
    func databaseGuard() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let c = try await Self.make(app: app, api: api, workspace: workspace, state: Self.states[2], tag: "guard")
            let before = try await Self.publication(c)
            // A cascade from the post, a direct delete, a move to another channel, a state rewrite.
            await #expect(throws: (any Error).self) { try await Post.find(c.post, on: app.db)?.delete(on: app.db) }
            await #expect(throws: (any Error).self) { try await PublicationRecord.find(before.id, on: app.db)?.delete(on: app.db) }
            await #expect(throws: (any Error).self) {
                try await PublicationRecord.query(on: app.db).filter(\.$id == before.id!).set(\.$channel.$id, to: c.channelB).update()
            }
            await #expect(throws: (any Error).self) {
                try await PublicationRecord.query(on: app.db).filter(\.$id == before.id!).set(\.$stateName, to: "scheduled").update()
            }
            #expect(try await PublicationRecord.find(before.id, on: app.db).map(Snapshot.init) == before)
            #expect(try await Post.find(c.post, on: app.db) != nil)
        }
    }

    @Test("a channel with published history is archived, not deleted: the post page keeps its history")
    func archivedChannel() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let c = try await Self.make(app: app, api: api, workspace: workspace, state: Self.states[2], tag: "archive")
            #expect(try await api.api(.DELETE, "\(c.w)/channels/\(c.channelA)").status == .noContent)
            let channel = try #require(try await SocialChannel.find(c.channelA, on: app.db))
            #expect(channel.archivedAt != nil && channel.sealedCredentials.isEmpty, "kept without its credential")
            let list = try await api.api(.GET, "\(c.w)/channels")
            #expect(!list.text.contains(c.channelA.uuidString.lowercased()), "offered nowhere")
            #expect(try await api.api(.GET, "\(c.w)/channels/\(c.channelA)").status == .notFound)
            let page = try await owner.get("/w/\(workspace)/posts/\(c.post)")
            #expect(page.text.contains("A archive") && page.text.contains("https://sandbox.example/r-1"), "history on the post page")
            let unpublished = try await Self.make(app: app, api: api, workspace: workspace, state: .scheduled, tag: "gone")
            #expect(try await api.api(.DELETE, "\(c.w)/channels/\(unpublished.channelA)").status == .noContent)
            #expect(try await SocialChannel.find(unpublished.channelA, on: app.db) == nil, "nothing went out: deleted")
        }
    }

    @Test("a published post can be duplicated into a new draft that can change")
    func duplicate() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let c = try await Self.make(app: app, api: api, workspace: workspace, state: Self.states[2], tag: "dup")
            let refused = try await api.api(.PATCH, "\(c.w)/posts/\(c.post)", json: #"{"text":"again"}"#)
            #expect(refused.status == .conflict && refused.apiError?.message.contains("Duplicate it") == true)
            let copy = try await api.api(.POST, "\(c.w)/posts/\(c.post)/duplicate")
            #expect(copy.status == .created && copy.json["status"] as? String == "draft")
            let copyID = try #require(copy.json["id"] as? String)
            #expect((copy.json["targets"] as? [[String: Any]])?.count == 2)
            #expect(try await api.api(.PATCH, "\(c.w)/posts/\(copyID)", json: #"{"text":"again"}"#).status == .ok)
        }
    }

    // MARK: - Setup and edits

    static func make(app: Application, api: TestBrowser, workspace: UUID, state: PublicationState, tag: String) async throws -> Case {
        let db = app.db
        func channel(_ platform: Platform, _ name: String, credential: ChannelCredential) async throws -> UUID {
            let id = UUID()
            let sealed = try app.secretBox.seal(Data(credential.encoded.utf8),
                                                context: SocialChannel.credentialContext(workspaceID: workspace, channelID: id))
            try await SocialChannel(id: id, workspaceID: workspace, platform: platform, name: name, sealedCredentials: sealed).create(on: db)
            return id
        }
        let a = try await channel(.sandbox, "A \(tag)", credential: ChannelCredential(accessToken: "sandbox-\(tag)"))
        let b = try await channel(.mastodon, "B \(tag)",
                                  credential: ChannelCredential(accessToken: "t", instanceURL: "https://mastodon.example"))
        let w = "/api/v1/workspaces/\(workspace)"
        let upload = try await api.upload("\(w)/media", file: MediaFixtures.png(800, 600), fileName: "\(tag).png")
        let media = try #require((upload.json["id"] as? String).flatMap(UUID.init(uuidString:)))
        let campaign = try await Agency.create(api, "\(w)/campaigns", #"{"name":"Camp \#(tag)"}"#)
        let member = try await api.api(.POST, "\(w)/members", json: """
            {"email":"ed-\(tag.lowercased())@agency.test","name":"Ed","password":"\(Fixtures.password)","role":"editor"}
            """)
        let editorID = try #require((member.json["user_id"] as? String).flatMap(UUID.init(uuidString:)))
        let post = try await Agency.create(api, "\(w)/posts", """
            {"text":"Post \(tag)","channels":["\(a)","\(b)"],"media":["\(media)"],"campaign_id":"\(campaign)",
             "variants":[{"channel_id":"\(a)","text":"Variant \(tag)","first_comment":"first","link":"https://example.com/\(tag)"}]}
            """)
        // The post is scheduled and handed to the worker; its publication on A is in `state`.
        let record = try #require(try await Post.find(post, on: db))
        record.statusName = PostStatus.scheduled.rawValue
        record.scheduledAt = Date().addingTimeInterval(-60)
        record.$author.id = editorID
        try await record.save(on: db)
        let target = try #require(try await PostTarget.query(on: db).filter(\.$post.$id == post).filter(\.$channel.$id == a).first())
        let publication = PublicationRecord(workspaceID: workspace, postID: post, targetID: try target.requireID(), channelID: a)
        publication.state = state
        try await publication.create(on: db)
        try await JobStore.enqueue(kind: DuePublications.publishKind, payload: try publication.requireID().uuidString,
                                   dedupeKey: DuePublications.jobKey(try publication.requireID()), runAt: Date().addingTimeInterval(3600),
                                   on: db)
        return Case(app: app, api: api, workspace: workspace, channelA: a, channelB: b, post: post, media: media,
                    campaign: campaign, editorID: editorID)
    }

    static func publication(_ c: Case) async throws -> Snapshot {
        Snapshot(try #require(try await PublicationRecord.query(on: c.app.db).filter(\.$post.$id == c.post).first()))
    }

    static func apply(_ edit: Edit, to c: Case) async throws -> HTTPStatus {
        let api = c.api, post = "\(c.w)/posts/\(c.post)"
        func patch(_ json: String) async throws -> HTTPStatus { try await api.api(.PATCH, post, json: json).status }
        let channels = #""channels":["\#(c.channelA)","\#(c.channelB)"]"#
        switch edit {
        case .text: return try await patch(#"{"text":"Changed"}"#)
        case .media: return try await patch(#"{"media":[]}"#)
        case .variantText: return try await patch(#"{\#(channels),"variants":[{"channel_id":"\#(c.channelA)","text":"V2"}]}"#)
        case .variantMedia: return try await patch(#"{\#(channels),"variants":[{"channel_id":"\#(c.channelA)","media":[]}]}"#)
        case .variantLink:
            return try await patch(#"{\#(channels),"variants":[{"channel_id":"\#(c.channelA)","link":"https://example.com/x"}]}"#)
        case .variantFirstComment:
            return try await patch(#"{\#(channels),"variants":[{"channel_id":"\#(c.channelA)","first_comment":"hi"}]}"#)
        case .variantOptions:
            return try await patch(#"{\#(channels),"variants":[{"channel_id":"\#(c.channelB)","options":{"visibility":"unlisted"}}]}"#)
        case .removeChannel: return try await patch(#"{"channels":["\#(c.channelB)"]}"#)
        case .addChannel:
            let extra = try await Agency.create(api, "\(c.w)/channels", #"{"platform":"sandbox","name":"Extra \#(UUID())","access_token":"x"}"#)
            return try await patch(#"{"channels":["\#(c.channelA)","\#(c.channelB)","\#(extra)"]}"#)
        case .ad: return try await patch(#"{"ad":{"advertiser":"Acme","token":"abc123"}}"#)
        case .campaign: return try await patch(#"{"campaign_id":null}"#)
        case .unschedule: return try await api.api(.POST, "\(post)/unschedule").status
        case .deletePost: return try await api.api(.DELETE, post).status
        case .deleteChannel: return try await api.api(.DELETE, "\(c.w)/channels/\(c.channelA)").status
        case .deleteMedia: return try await api.api(.DELETE, "\(c.w)/media/\(c.media)").status
        case .removeMember: return try await api.api(.DELETE, "\(c.w)/members/\(c.editorID)").status
        case .importRows:
            let rows = "date,time,channels,text\n2031-01-01,09:00,\(try await channelName(c.channelA, c)),Imported\n"
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/csv")
            return try await api.send(.POST, "\(c.w)/imports", headers: headers.adding(bearer: api.bearerToken),
                                      body: ByteBuffer(string: rows), useCookies: false).status
        }
    }

    static func channelName(_ id: UUID, _ c: Case) async throws -> String {
        try #require(try await SocialChannel.find(id, on: c.app.db)).name
    }
}

extension HTTPHeaders {
    func adding(bearer token: String?) -> HTTPHeaders {
        var headers = self
        if let token { headers.replaceOrAdd(name: .authorization, value: "Bearer \(token)") }
        return headers
    }
}
