import HeraldApp
import Fluent
import Foundation
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Media library")
struct MediaLibraryTests {
    static func files(in app: Application) -> [String] {
        let root = app.herald.dataDirectory + "/media"
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    @Test("type from the bytes, size read from the file, fit per platform, details editable")
    func upload() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)/media"
            let response = try await s.api.upload(base, file: MediaFixtures.png(1080, 1920), fileName: "story.jpg",
                                                  fields: ["alt_text": "Команда на складе", "tags": "Team, Весна", "folder": "Весна"])
            #expect(response.status == .created)
            #expect(response.json["format"] as? String == "png", "the name said jpg; the bytes say png")
            #expect(response.json["width"] as? Int == 1080 && response.json["height"] as? Int == 1920)
            #expect(response.json["tags"] as? [String] == ["team", "весна"])
            let fits = Dictionary(uniqueKeysWithValues: (response.json["fits"] as? [[String: Any]] ?? [])
                .map { ($0["platform"] as! String, $0["problems"] as? [String] ?? []) })
            #expect(fits["mastodon"] == [])
            #expect(fits["instagram"] == ["Instagram: story.jpg is PNG, which is not accepted; use JPEG, MP4."])
            let id = try #require(response.json["id"] as? String)

            let video = try await s.api.upload(base, file: MediaFixtures.mp4(1280, 720, seconds: 42), fileName: "clip.mp4")
            #expect(video.json["duration_seconds"] as? Double == 42)

            let served = try await s.api.api(.GET, "\(base)/\(id)/file")
            #expect(served.status == .ok)
            #expect(served.headers.contentType?.description == "image/png")
            #expect(Array(served.body.readableBytesView) == MediaFixtures.png(1080, 1920))

            let byTag = try await s.api.api(.GET, "\(base)?tag=team")
            #expect((byTag.json["items"] as? [Any])?.count == 1)
            let bySearch = try await s.api.api(.GET, "\(base)?q=%D1%81%D0%BA%D0%BB%D0%B0%D0%B4")  // "склад"
            #expect((bySearch.json["items"] as? [Any])?.count == 1)
            let patched = try await s.api.api(.PATCH, "\(base)/\(id)", json: #"{"alt_text":"Новый текст","folder":"Архив"}"#)
            #expect(patched.json["folder"] as? String == "Архив")
            #expect(try await s.api.api(.DELETE, "\(base)/\(id)").status == .noContent)
            #expect(Self.files(in: app).count == 1, "the PNG is gone from disk; the MP4 stays")
        }
    }

    @Test("refused uploads leave nothing: not media, damaged, too large")
    func refusals() async throws {
        try await withHerald({ $0.maxUploadBytes = 4096 }) { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)/media"
            let pdf = try await s.api.upload(base, file: Array("%PDF-1.7 not an image".utf8), fileName: "photo.png")
            #expect(pdf.status == .unprocessableEntity && pdf.apiError?.code == "unsupported_media")
            let damaged = try await s.api.upload(base, file: Array(MediaFixtures.png(10, 10).prefix(14)), fileName: "a.png")
            #expect(damaged.apiError?.code == "corrupt_media")
            let big = try await s.api.upload(base, file: MediaFixtures.png(10, 10) + [UInt8](repeating: 0, count: 5000), fileName: "big.png")
            #expect(big.status == .unprocessableEntity || big.status == .payloadTooLarge)
            #expect(try await MediaFile.query(on: app.db).count() == 0)
            #expect(Self.files(in: app).isEmpty)
        }
    }

    @Test("hostile files from the review answer 422 naming the file, and the server keeps serving")
    func hostileFiles() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)/media"
            let ftyp = MediaFixtures.box("ftyp", Array("isom".utf8) + MediaFixtures.be32(512))
            let files: [(String, [UInt8], String)] = [
                ("mvhd.mp4", ftyp + MediaFixtures.be32(0x1C) + Array("mvhd".utf8) + [1] + [UInt8](repeating: 0, count: 19), "corrupt_media"),
                ("huge.mp4", ftyp + MediaFixtures.be32(1) + Array("moov".utf8) + [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "corrupt_media"),
                ("bomb.png", MediaFixtures.png(100_000, 100_000), "media_too_many_pixels"),
                ("empty.png", MediaFixtures.png(0, 0), "media_without_pixels"),
            ]
            for (name, bytes, code) in files {
                let response = try await s.api.upload(base, file: bytes, fileName: name)
                #expect(response.status == .unprocessableEntity && response.apiError?.code == code, "\(name)")
                #expect(response.apiError?.message.contains(name) == true, "\(name): the message names the file")
            }
            #expect(try await s.api.api(.GET, base).status == .ok, "still serving")
            #expect(try await MediaFile.query(on: app.db).count() == 0)
        }
    }

    @Test("media of another workspace is invisible: list, details, file, through web and API")
    func tenancy() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let upload = try await agency.ownerAPI.upload("/api/v1/workspaces/\(agency.workspaceB)/media",
                                                          file: MediaFixtures.jpeg(100, 100), fileName: "b-secret.jpg")
            let id = try #require(upload.json["id"] as? String)
            let api = agency.editorAPI
            for path in ["/api/v1/workspaces/\(agency.workspaceB)/media", "/api/v1/workspaces/\(agency.workspaceB)/media/\(id)",
                         "/api/v1/workspaces/\(agency.workspaceB)/media/\(id)/file",
                         "/api/v1/workspaces/\(agency.workspaceA)/media/\(id)", "/api/v1/workspaces/\(agency.workspaceA)/media/\(id)/file"] {
                #expect(try await api.api(.GET, path).status == .notFound, "\(path)")
            }
            #expect(try await api.api(.DELETE, "/api/v1/workspaces/\(agency.workspaceA)/media/\(id)").status == .notFound)
            let planted = try await api.upload("/api/v1/workspaces/\(agency.workspaceB)/media", file: MediaFixtures.gif(1, 1), fileName: "x.gif")
            #expect(planted.status == .notFound)
            for path in ["/w/\(agency.workspaceB)/library", "/w/\(agency.workspaceB)/library/\(id)",
                         "/w/\(agency.workspaceB)/library/\(id)/file", "/w/\(agency.workspaceA)/library/\(id)/file"] {
                #expect(try await agency.editor.get(path).status == .notFound, "\(path)")
            }
            let own = try await agency.editor.get("/w/\(agency.workspaceA)/library")
            #expect(!own.text.contains("b-secret.jpg"))
            #expect(try await MediaFile.query(on: app.db).count() == 1)
        }
    }

    @Test("web: upload from the library page, see it, its fit and its file")
    func web() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let uploaded = try await owner.upload("/w/\(w)/library", file: MediaFixtures.webp(1200, 628), fileName: "banner.webp",
                                                  fields: ["alt_text": "Баннер"])
            let location = try #require(uploaded.location)
            let page = try await owner.get(location)
            #expect(page.text.contains("WEBP · 1200×628"))
            #expect(page.text.contains("Instagram: banner.webp is WEBP, which is not accepted"))
            let library = try await owner.get("/w/\(w)/library")
            #expect(library.text.contains("alt=\"Баннер\""))
            let bad = try await owner.upload("/w/\(w)/library", file: Array("hello".utf8), fileName: "x.jpg")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("judged by the file"))
        }
    }
}
