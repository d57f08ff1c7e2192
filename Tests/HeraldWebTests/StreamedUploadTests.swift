import AsyncHTTPClient
import Fluent
import Foundation
import HeraldApp
import HeraldCore
import HeraldFixtures
import HeraldStore
import HeraldTestSupport
import NIOCore
import Testing
import Vapor

/// Uploads go to disk as they arrive (issue 10, point 4): what a refused, forged or broken-off
/// upload leaves behind is nothing — no row, no file, not even in the incoming folder.
@Suite("Hardening: streamed uploads")
struct StreamedUploadTests {
    static func multipart(boundary: String, parts: [(name: String, fileName: String?, bytes: [UInt8])]) -> [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let fileName = part.fileName { head += "; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream" }
            body += Array((head + "\r\n\r\n").utf8) + part.bytes + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    @Test("a 6 MB image arrives in pieces and is stored whole: bytes and SHA-256 as sent, nothing left in the incoming folder")
    func wholeFile() async throws {
        try await withHerald { app in
            try await withLiveServer(app) { browser, _ in
                let w = try await Fixtures.setUpOwner(browser)
                // setup: a PNG of about 6 MB (stored deflate blocks)
                let image = Array(PNGCard.make(width: 1500, height: 1400, colours: ((1, 2, 3), (250, 240, 230))))
                #expect(image.count > 6_000_000)
                // MUT: the library form over real HTTP
                let uploaded = try await browser.upload("/w/\(w)/library", file: image, fileName: "Большой.png", fields: ["alt_text": "Большая"])
                // validate
                #expect(uploaded.status == .seeOther, "\(uploaded.status)")
                let file = try #require(try await MediaFile.query(on: app.db).first())
                #expect(file.bytes == image.count && file.width == 1500 && file.altText == "Большая" && file.fileName == "Большой.png")
                #expect(file.sha256 == SHA256.hash(data: image).map { String(format: "%02x", $0) }.joined())
                let stored = app.runtime.mediaStorage.path(workspaceID: w, id: try file.requireID(), ext: "png")
                #expect(FileManager.default.contents(atPath: stored).map(Array.init) == image)
                #expect(MediaLibraryTests.files(in: app) == [String(stored.dropFirst(app.herald.dataDirectory.count + 7))])
            }
        }
    }

    @Test("a web form whose token comes after the file, or not at all, is refused before a byte is written")
    func tokenBeforeFile() async throws {
        try await withHerald { app in
            try await withLiveServer(app) { browser, _ in
                let w = try await Fixtures.setUpOwner(browser)
                let png = MediaFixtures.png(10, 10)
                let token = try #require(browser.csrfToken)
                let boundary = "b-\(UUID().uuidString)"
                let late = Self.multipart(boundary: boundary, parts: [("file", "a.png", png), ("_csrf", nil, Array(token.utf8))])
                let none = Self.multipart(boundary: boundary, parts: [("file", "a.png", png)])
                let wrong = Self.multipart(boundary: boundary, parts: [("_csrf", nil, Array("forged".utf8)), ("file", "a.png", png)])
                let headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
                for (label, body) in [("token after the file", late), ("no token", none), ("a wrong token", wrong)] {
                    let response = try await browser.send(.POST, "/w/\(w)/library", headers: headers, body: ByteBuffer(bytes: body))
                    #expect(response.status == .forbidden, "\(label): \(response.status)")
                }
                #expect(try await MediaFile.query(on: app.db).count() == 0)
                #expect(MediaLibraryTests.files(in: app).isEmpty)
                // the same form with the token first is taken
                let right = Self.multipart(boundary: boundary, parts: [("_csrf", nil, Array(token.utf8)), ("file", "a.png", png)])
                let taken = try await browser.send(.POST, "/w/\(w)/library", headers: headers, body: ByteBuffer(bytes: right))
                #expect(taken.status == .seeOther, "\(taken.status)")
            }
        }
    }

    @Test("an upload past the limit stops at the limit; one cut off mid-file leaves nothing; a damaged form says so")
    func refusedAndBroken() async throws {
        try await withHerald({ $0.maxUploadBytes = 200_000 }) { app in
            try await withLiveServer(app) { browser, baseURL in
                let w = try await Fixtures.setUpOwner(browser)
                let token = try await Fixtures.createToken(browser, name: "t")
                let url = "\(baseURL)/api/v1/workspaces/\(w)/media"
                let boundary = "b-\(UUID().uuidString)"
                // too large: 1 MB of a 200 kB limit
                let big = Self.multipart(boundary: boundary, parts: [("file", "big.png", MediaFixtures.png(10, 10) + [UInt8](repeating: 7, count: 1_000_000))])
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
                request.body = .bytes(ByteBuffer(bytes: big))
                let refused = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let answer = try await refused.body.collect(upTo: 1 << 20)
                #expect(refused.status == .unprocessableEntity, "\(refused.status)")
                #expect(String(buffer: answer).contains("file_too_large"))

                // cut off: the client sends half the file, then the connection breaks
                let half = Array(Self.multipart(boundary: boundary, parts: [("file", "cut.png", MediaFixtures.png(10, 10) + [UInt8](repeating: 1, count: 150_000))]).prefix(100_000))
                var cut = request
                cut.body = .stream(AsyncThrowingStream<ByteBuffer, any Error> { continuation in
                    continuation.yield(ByteBuffer(bytes: half))
                    continuation.finish(throwing: CancellationError())
                }, length: .known(Int64(half.count + 50_000)))
                _ = try? await HTTPClient.shared.execute(cut, timeout: .seconds(10))

                // damaged: a part that never ends its headers
                var damaged = request
                damaged.body = .bytes(ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nbroken"))
                let damagedAnswer = try await HTTPClient.shared.execute(damaged, timeout: .seconds(30))
                #expect(damagedAnswer.status == .unprocessableEntity, "\(damagedAnswer.status)")

                // validate: nothing kept anywhere, and the server still takes a good file
                var leftovers = MediaLibraryTests.files(in: app)
                for _ in 0..<50 where !leftovers.isEmpty {
                    try await Task.sleep(for: .milliseconds(100))
                    leftovers = MediaLibraryTests.files(in: app)
                }
                #expect(leftovers.isEmpty, "\(leftovers)")
                #expect(try await MediaFile.query(on: app.db).count() == 0)
                let api = TestBrowser.sharing(browser, token: token)
                #expect(try await api.upload("/api/v1/workspaces/\(w)/media", file: MediaFixtures.png(10, 10), fileName: "ok.png").status == .created)
            }
        }
    }

    @Test("abandoned uploads older than a day are swept from the incoming folder; newer ones stay")
    func sweep() throws {
        let directory = NSTemporaryDirectory() + "herald-incoming-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let storage = MediaStorage(dataDirectory: directory)
        let old = try storage.incomingPath(), fresh = try storage.incomingPath()
        FileManager.default.createFile(atPath: old, contents: Data([1]))
        FileManager.default.createFile(atPath: fresh, contents: Data([2]))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-90_000)], ofItemAtPath: old)
        #expect(storage.removeAbandonedUploads() == 1)
        #expect(!FileManager.default.fileExists(atPath: old) && FileManager.default.fileExists(atPath: fresh))
    }
}
