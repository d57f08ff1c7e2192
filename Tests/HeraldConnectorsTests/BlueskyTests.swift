import Foundation
@testable import HeraldConnectors
import NIOCore
import NIOHTTP1
import Testing

/// The parts of the Bluesky connector that need no server.
@Suite("Bluesky connector without a server")
struct BlueskyTests {
    @Test("record keys: one publication always gets the same TID, in the past, never another publication's")
    func recordKeys() {
        let key = "3f1c2a9e-0b7d-4e55-9c1a-2d4b6f8e0a11"
        let rkey = BlueskyRecordKey.derived(from: key)
        #expect(rkey == BlueskyRecordKey.derived(from: key))
        #expect(BlueskyRecordKey.isTID(rkey))
        var seen: Set<String> = []
        for _ in 0..<5000 {
            let other = BlueskyRecordKey.derived(from: UUID().uuidString.lowercased())
            #expect(BlueskyRecordKey.isTID(other))
            seen.insert(other)
        }
        #expect(seen.count == 5000)
        // The TID alphabet and layout: the smallest and a known value.
        #expect(BlueskyRecordKey.tid(micros: 0, clockID: 0) == "2222222222222")
        // 2023-01-01 and 2024-02-13, worked out by hand (value = µs << 10, 13 base32-sortable digits;
        // posts of November 2023 on bsky.social have keys starting "3kdg", between the two).
        #expect(BlueskyRecordKey.tid(micros: 1_672_531_200_000_000, clockID: 0) == "3jl7442uk2222")
        #expect(seen.allSatisfy { $0 >= "3jl7442uk2222" && $0 < "3klb2dowk2222" }, "all in the past: 2023 to early 2024")
        #expect(!BlueskyRecordKey.isTID("zzzzzzzzzzzzz") && !BlueskyRecordKey.isTID("3k2") && !BlueskyRecordKey.isTID("3kabcdefghij1"))
    }

    @Test("post addresses: at:// and bsky.app links; anything else is refused")
    func addresses() {
        #expect(ATURI("at://did:plc:abc/app.bsky.feed.post/3kabc") == ATURI(repo: "did:plc:abc", collection: "app.bsky.feed.post", rkey: "3kabc"))
        #expect(ATURI("https://bsky.app/profile/alice.test/post/3kabc")?.description == "at://alice.test/app.bsky.feed.post/3kabc")
        for bad in ["https://example.com/profile/a/post/b", "at://did:plc:abc/app.bsky.feed.post", "at:///x/y", "", "bsky.app/profile/a/post/b"] {
            #expect(ATURI(bad) == nil, "\(bad)")
        }
    }

    @Test("link cards: Open Graph first, then <title>; entities decoded; the picture made absolute; long text clipped")
    func linkCards() {
        let card = BlueskyLinkCard.parse("""
            <head><title>Page &amp; title</title><meta name="description" content="Plain description">
            <META PROPERTY='og:image' CONTENT='/cover.jpg'></head>
            """, base: URL(string: "https://shop.example/spring/"))
        #expect(card == BlueskyLinkCard(title: "Page & title", description: "Plain description", image: "https://shop.example/cover.jpg"))
        let long = BlueskyLinkCard.parse(#"<meta property="og:title" content="\#(String(repeating: "я", count: 400))">"#, base: nil)
        #expect(long.title.count == 300 && long.title.hasSuffix("…"))
        #expect(BlueskyLinkCard.parse("<meta property=\"og:image\" content=\"javascript:alert(1)\">", base: nil).image == nil)
        // A page as large as Herald reads (512 KiB) of unclosed tags: parsed (to nothing) without a
        // quadratic scan — before the repetitions were bounded, a quarter of this took seconds.
        for junk in ["<meta ", "<meta property=\"og:title\" content=\"", "<title>"] {
            let page = String(repeating: junk, count: BlueskyLinkCard.maxPageBytes / junk.utf8.count)
            #expect(BlueskyLinkCard.parse(page, base: nil).title == "", "junk is not a trap")
        }
    }

    @Test("XRPC errors sorted by what the engine does next")
    func errors() {
        func answer(_ status: HTTPResponseStatus, _ body: String, headers: HTTPHeaders = [:]) -> PlatformHTTP.Answer {
            PlatformHTTP.Answer(status: status, headers: headers, body: ByteBuffer(string: body))
        }
        func sorted(_ status: HTTPResponseStatus, _ body: String, headers: HTTPHeaders = [:]) -> PlatformError? {
            do { _ = try BlueskyXRPC.decode(answer(status, body, headers: headers), service: "pds") } catch { return error }
            return nil
        }
        #expect(sorted(.badRequest, #"{"error":"ExpiredToken","message":"Token has expired"}"#)
                == .unauthorized(message: "Bluesky: ExpiredToken: Token has expired"))
        #expect(sorted(.badRequest, #"{"error":"InvalidRequest","message":"Invalid bearer token in Authorization header"}"#)
                == .unauthorized(message: "Bluesky: InvalidRequest: Invalid bearer token in Authorization header"))
        #expect(sorted(.badRequest, #"{"error":"InvalidRequest","message":"Record/text must not be longer than 300 graphemes"}"#)
                == .rejected(message: "Bluesky: InvalidRequest: Record/text must not be longer than 300 graphemes"))
        #expect(sorted(.tooManyRequests, #"{"error":"RateLimitExceeded"}"#, headers: ["Retry-After": "30"]) == .rateLimited(retryAfter: .seconds(30)))
        #expect(sorted(.badGateway, "<html>bad gateway</html>") == .transient(message: "pds: HTTP 502"))
        #expect(sorted(.ok, "not json") == .transient(message: "pds answered 200 with a body that is not JSON"))
        #expect(sorted(.ok, "") == nil, "an empty 200 is an empty object")
    }
}
