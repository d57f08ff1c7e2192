import AsyncHTTPClient
import Foundation
import HeraldTestSupport
@testable import HeraldWeb
import NIOCore
import NIOHTTP1
import Testing
import Vapor

/// Pages go out compressed to browsers that accept it, and the CSRF token in them is masked
/// afresh for every page so that compression cannot be used to guess it (BREACH).
@Suite("Compressed pages, masked CSRF token")
struct ResponseCompressionTests {
    /// The `_csrf` field's value in a page.
    static func field(in page: String) -> String? {
        Fixtures.firstMatch(of: #"name="_csrf" value="[^"]+""#, in: page).map { String($0.dropFirst(#"name="_csrf" value=""#.count).dropLast()) }
    }

    @Test("masking: a fresh pad each time, the token back from every mask, nothing from a tampered or malformed one")
    func mask() {
        let token = "kO3_x-Zq8YpT2mVvW1nR4sLcA9bE7dF0gH5jK6uI2oP"
        let first = CSRFMask.masked(token), second = CSRFMask.masked(token)
        #expect(first != second && !first.contains(token))
        #expect(CSRFMask.unmasked(first) == token && CSRFMask.unmasked(second) == token)
        #expect(CSRFMask.unmasked(token) == token, "the token itself (the cookie's, as scripts and tests send it) passes as it is")
        var tampered = Array(first)
        tampered[10] = tampered[10] == "A" ? "B" : "A"
        #expect(CSRFMask.unmasked(String(tampered)) != token)
        // Empty, not base64, an odd number of bytes, too long to be a mask.
        for malformed in ["m.", "m.***", "m.QUJD", "m." + String(repeating: "A", count: 2_000)] {
            #expect(CSRFMask.unmasked(malformed) == nil, "\(malformed.prefix(12))")
        }
    }

    @Test("a page's forms carry the token masked, differently on every load; the masked value from the page is accepted, a tampered one refused")
    func maskedInPages() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)
            let token = try #require(owner.csrfToken)
            let pages = [try await owner.get("/account").text, try await owner.get("/account").text]
            let fields = pages.compactMap(Self.field(in:))
            #expect(fields.count == 2 && fields[0] != fields[1], "masked afresh per page")
            #expect(fields.allSatisfy { CSRFMask.unmasked($0) == token })
            #expect(pages.allSatisfy { !$0.contains(token) }, "the token itself never appears in a page")

            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            func send(_ value: String) async throws -> HTTPStatus {
                let body = "name=Olga&_csrf=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                return try await owner.send(.POST, "/account", headers: headers, body: ByteBuffer(string: body)).status
            }
            #expect(try await send(fields[0]) == .seeOther, "the field as the page gave it")
            var tampered = Array(fields[1])
            tampered[12] = tampered[12] == "A" ? "B" : "A"
            #expect(try await send(String(tampered)) == .forbidden)
            #expect(try await send("m.not-base64!") == .forbidden)
            // Scripts send the page's field in `X-CSRF-Token`.
            var scripted = headers
            scripted.replaceOrAdd(name: "X-CSRF-Token", value: fields[1])
            #expect(try await owner.send(.POST, "/account", headers: scripted, body: ByteBuffer(string: "name=Olga+3")).status == .seeOther)
        }
    }

    @Test("over real HTTP: pages and JSON are gzip-compressed for a client that asks, sent plain to one that does not, and never with HERALD_COMPRESS_RESPONSES=false")
    func compressed() async throws {
        for compress in [true, false] {
            try await withHerald({ $0.compressResponses = compress }) { app in
                // A client that neither asks for compression nor undoes it by itself (`HTTPClient.shared` does both).
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(decompression: .disabled))
                do { try await Self.fetch(with: client, on: app, compress: compress) } catch {
                    try? await client.shutdown()
                    throw error
                }
                try await client.shutdown()
            }
        }
    }

    /// `/login` and the OpenAPI document, each asked with and without `Accept-Encoding: gzip`.
    static func fetch(with client: HTTPClient, on app: Application, compress: Bool) async throws {
        try await withLiveServer(app) { _, baseURL in
            for path in ["/login", "/api/openapi.json"] {
                var asked = HTTPClientRequest(url: baseURL + path)
                asked.headers.add(name: "Accept-Encoding", value: "gzip")
                let zipped = try await client.execute(asked, timeout: .seconds(10))
                let zippedBody = try await zipped.body.collect(upTo: 10_000_000)
                let plain = try await client.execute(HTTPClientRequest(url: baseURL + path), timeout: .seconds(10))
                let plainBody = try await plain.body.collect(upTo: 10_000_000)
                #expect(zipped.status == .ok && plain.status == .ok)
                #expect(plain.headers.first(name: "Content-Encoding") == nil, "\(path): not asked, not compressed")
                if compress {
                    #expect(zipped.headers.first(name: "Content-Encoding") == "gzip", "\(path)")
                    #expect(zippedBody.getBytes(at: 0, length: 2) == [0x1F, 0x8B], "\(path): a gzip stream")
                    #expect(zippedBody.readableBytes * 3 < plainBody.readableBytes,
                            "\(path): \(zippedBody.readableBytes) of \(plainBody.readableBytes) bytes")
                } else {
                    #expect(zipped.headers.first(name: "Content-Encoding") == nil, "\(path): switched off")
                }
            }
        }
    }
}
