import HeraldApp
import Fluent
import Foundation
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Media attached to posts")
struct PostMediaTests {
    @Test("checks count attached files; variants may use their own; foreign ids are refused")
    func checks() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            let jpeg = try #require(try await s.api.upload("\(base)/media", file: MediaFixtures.jpeg(1080, 1080), fileName: "square.jpg")
                .json["id"] as? String)
            let png = try #require(try await s.api.upload("\(base)/media", file: MediaFixtures.png(1080, 1080), fileName: "logo.png")
                .json["id"] as? String)
            let post = try await s.api.api(.POST, "\(base)/posts", json: """
                {"text":"Весна","channels":["\(s.instagram)","\(s.bluesky)"],"media":["\(jpeg)"],
                 "variants":[{"channel_id":"\(s.bluesky)","media":["\(png)"]}]}
                """)
            #expect(post.status == .created)
            let targets = post.json["targets"] as? [[String: Any]] ?? []
            let instagram = targets.first { ($0["check"] as? [String: Any])?["platform"] as? String == "instagram" }
            #expect((instagram?["check"] as? [String: Any])?["publishable"] as? Bool == true, "the JPEG satisfies Instagram")
            let bluesky = targets.first { ($0["check"] as? [String: Any])?["platform"] as? String == "bluesky" }
            #expect(bluesky?["media"] as? [String] == [png])
            let id = try #require(post.json["id"] as? String)

            let swapped = try await s.api.api(.PATCH, "\(base)/posts/\(id)", json: #"{"media":["\#(png)"]}"#)
            let findings = (swapped.json["targets"] as? [[String: Any]] ?? []).compactMap { $0["check"] as? [String: Any] }
                .flatMap { $0["findings"] as? [[String: Any]] ?? [] }.compactMap { $0["message"] as? String }
            #expect(findings.contains("Instagram: logo.png is PNG, which is not accepted; use JPEG, MP4."))

            let unknown = try await s.api.api(.PATCH, "\(base)/posts/\(id)", json: #"{"media":["\#(UUID())"]}"#)
            #expect(unknown.apiError?.field == "media[0]")
            let variantUnknown = try await s.api.api(.PATCH, "\(base)/posts/\(id)", json: """
                {"channels":["\(s.bluesky)"],"variants":[{"channel_id":"\(s.bluesky)","media":["\(UUID())"]}]}
                """)
            #expect(variantUnknown.apiError?.field == "variants[0].media[0]")

            let page = try await s.api.api(.POST, "\(base)/posts/check", json: #"{"text":"x","channels":["\#(s.instagram)"],"media":["\#(jpeg)"]}"#)
            #expect(((page.json["items"] as? [[String: Any]])?.first?["publishable"]) as? Bool == true)
        }
    }

    @Test("another workspace's file cannot be attached; previews show the image; the client link serves only attached files")
    func previewsAndTenancy() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let foreign = try #require(try await agency.ownerAPI.upload("/api/v1/workspaces/\(agency.workspaceB)/media",
                                                                         file: MediaFixtures.jpeg(10, 10), fileName: "b.jpg").json["id"] as? String)
            let a = "/api/v1/workspaces/\(agency.workspaceA)"
            let refused = try await agency.ownerAPI.api(.POST, "\(a)/posts", json: #"{"text":"x","media":["\#(foreign)"]}"#)
            #expect(refused.apiError?.field == "media[0]")

            let own = try #require(try await agency.ownerAPI.upload("\(a)/media", file: MediaFixtures.jpeg(1600, 900), fileName: "wide.jpg")
                .json["id"] as? String)
            let other = try #require(try await agency.ownerAPI.upload("\(a)/media", file: MediaFixtures.jpeg(10, 10), fileName: "other.jpg")
                .json["id"] as? String)
            let channel = try await Fixtures.channel(app, workspace: agency.workspaceA, platform: .x, name: "X")
            let post = try await Agency.create(agency.ownerAPI, "\(a)/posts", #"{"text":"Wide","channels":["\#(channel)"],"media":["\#(own)"]}"#)
            let page = try await agency.editor.get("/w/\(agency.workspaceA)/posts/\(post)")
            #expect(page.text.contains("<div class=\"preview-media\"><img src=\"/w/\(agency.workspaceA)/library/\(own)/file\""))

            _ = try await agency.ownerAPI.api(.POST, "\(a)/posts/\(post)/submit")
            let url = try #require(try await agency.ownerAPI.api(.POST, "\(a)/posts/\(post)/approval-link").json["url"] as? String)
            let path = String(url[url.range(of: "/approve/")!.lowerBound...])
            let client = try TestBrowser(app: app)
            #expect(try await client.get(path).text.contains("\(path)/media/\(own)"))
            #expect(try await client.get("\(path)/media/\(own)").status == .ok)
            #expect(try await client.get("\(path)/media/\(other)").status == .notFound, "not attached to this post")
            #expect(try await client.get("\(path)/media/\(foreign)").status == .notFound)
        }
    }
}
