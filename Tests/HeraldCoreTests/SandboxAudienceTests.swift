import Foundation
import HeraldCore
import Testing

@Suite("Sandbox audience")
struct SandboxAudienceTests {
    static let monday = Date(timeIntervalSince1970: 1_795_000_000)  // a fixed instant; weekday does not matter below

    /// An audience with flat activity, so only what is compared differs.
    static func audience(content: [SandboxContentType: Double] = [:], images: [SandboxImageType: Double] = [:],
                         activity: [Double] = Array(repeating: 0.5, count: 168)) -> SandboxAudience {
        var contentAffinity: [SandboxContentType: Double] = [:]
        for type in SandboxContentType.allCases { contentAffinity[type] = content[type] ?? 1 }
        var imageAffinity: [SandboxImageType: Double] = [:]
        for type in SandboxImageType.allCases { imageAffinity[type] = images[type] ?? 1 }
        return SandboxAudience(followers: 3000, zone: TimeZone(identifier: "UTC")!, activity: activity,
                               contentAffinity: contentAffinity, imageAffinity: imageAffinity)
    }

    static func likes(_ audience: SandboxAudience, posts: Int, content: SandboxContentType, image: SandboxImageType? = nil,
                      at start: Date = monday) -> Int {
        (0..<posts).reduce(0) { total, index in
            total + audience.events(post: "post-\(index)", postedAt: start, content: content, image: image, russian: false,
                                    from: start, to: start.addingTimeInterval(SandboxAudience.lifetime))
                .filter { $0.kind == .like }.count
        }
    }

    @Test("an account keeps its personality; accounts differ")
    func deterministic() {
        #expect(SandboxAudience.forAccount("acct-1") == SandboxAudience.forAccount("acct-1"))
        #expect(SandboxAudience.forAccount("acct-1") != SandboxAudience.forAccount("acct-2"))
        let audience = SandboxAudience.forAccount("acct-1")
        #expect(audience.activity.count == 168 && audience.activity.allSatisfy { (0...1).contains($0) })
        #expect((400..<5000).contains(audience.followers))
    }

    @Test("simulating hour by hour gives exactly the events of simulating at once")
    func incremental() {
        let audience = SandboxAudience.forAccount("coffee")
        let start = Self.monday
        let all = audience.events(post: "p", postedAt: start, content: .image, image: .photo, russian: true,
                                  from: start, to: start.addingTimeInterval(20 * 3600))
        var pieces: [SandboxEvent] = []
        var from = start
        for step in [600.0, 3000, 7200, 1, 20_000, 41_199] {
            let to = from.addingTimeInterval(step)
            pieces += audience.events(post: "p", postedAt: start, content: .image, image: .photo, russian: true, from: from, to: to)
            from = to
        }
        #expect(from == start.addingTimeInterval(20 * 3600))
        #expect(pieces == all)
        #expect(!all.isEmpty && all.allSatisfy { $0.at > start })
        #expect(all.contains { $0.kind == .comment && $0.text != nil })
    }

    @Test("nothing happens after a post's lifetime or before it was posted")
    func lifetime() {
        let audience = Self.audience()
        let start = Self.monday
        #expect(audience.events(post: "p", postedAt: start, content: .text, image: nil, russian: false,
                                from: start.addingTimeInterval(SandboxAudience.lifetime), to: start.addingTimeInterval(10 * 86_400)).isEmpty)
        #expect(audience.events(post: "p", postedAt: start, content: .text, image: nil, russian: false,
                                from: start.addingTimeInterval(-7200), to: start).isEmpty)
    }

    @Test("preferences by content type and image type show in the reactions")
    func preferences() {
        let likesVideo = Self.audience(content: [.video: 1.6, .text: 0.5])
        #expect(Self.likes(likesVideo, posts: 20, content: .video) > 2 * Self.likes(likesVideo, posts: 20, content: .text))
        let likesPhotos = Self.audience(images: [.photo: 1.5, .graphic: 0.6])
        #expect(Self.likes(likesPhotos, posts: 20, content: .image, image: .photo)
            > 2 * Self.likes(likesPhotos, posts: 20, content: .image, image: .graphic))
        // Only links are clicked.
        let events = Self.audience().events(post: "x", postedAt: Self.monday, content: .text, image: nil, russian: false,
                                            from: Self.monday, to: Self.monday.addingTimeInterval(86_400))
        #expect(!events.contains { $0.kind == .click })
    }

    @Test("the hour of the week matters: a post at the audience's busy hour does better than at its quiet hour")
    func activityByHour() {
        var activity = Array(repeating: 0.05, count: 168)
        let calendar = Calendar(identifier: .gregorian)
        var utc = calendar
        utc.timeZone = TimeZone(identifier: "UTC")!
        let parts = utc.dateComponents([.weekday, .hour], from: Self.monday)
        let index = (((parts.weekday ?? 2) + 5) % 7) * 24 + (parts.hour ?? 0)
        for offset in 0..<3 { activity[(index + offset) % 168] = 1 }
        let audience = Self.audience(activity: activity)
        #expect(audience.activity(at: Self.monday) == 1)
        let busy = Self.likes(audience, posts: 10, content: .text)
        let quiet = Self.likes(audience, posts: 10, content: .text, at: Self.monday.addingTimeInterval(-12 * 3600))
        #expect(busy > 2 * quiet)
    }

    @Test("content and image types are read from the post")
    func types() {
        let photo = MediaItem(name: "a.jpg", format: .jpeg, bytes: 10), card = MediaItem(name: "b.png", format: .png, bytes: 10)
        let clip = MediaItem(name: "c.mp4", format: .mp4, bytes: 10)
        #expect(SandboxContentType.of(text: "hi", media: []) == .text)
        #expect(SandboxContentType.of(text: "see https://example.com", media: []) == .link)
        #expect(SandboxContentType.of(text: "hi", media: [photo]) == .image)
        #expect(SandboxContentType.of(text: "hi", media: [photo, clip]) == .video)
        #expect(SandboxImageType.of(media: [photo]) == .photo && SandboxImageType.of(media: [card]) == .graphic)
        #expect(SandboxImageType.of(media: [MediaItem(name: "d.gif", format: .gif, bytes: 1)]) == .animation)
        #expect(SandboxImageType.of(media: [clip]) == nil)
        #expect(SandboxStoredPost(remoteID: "", account: "", idempotencyKey: "", text: "Привет, друзья! Hello", content: .text,
                                  image: nil, createdAt: Self.monday).isRussian)
    }

    @Test("Poisson draws average to their mean")
    func poisson() {
        var rng = SeededRandom(seed: 42)
        for mean in [0.3, 4.0, 120.0] {
            let draws = (0..<4000).map { _ in rng.poisson(mean) }
            let average = Double(draws.reduce(0, +)) / Double(draws.count)
            #expect(abs(average - mean) < max(0.05, mean * 0.05))
        }
    }

    @Test("the inbox cursor keeps the ids read at its exact time, so events sharing a timestamp are read once each")
    func inboxCursor() throws {
        let t = Date(timeIntervalSince1970: 1_800_000_000.123)
        func event(_ id: String, _ at: Date) -> SandboxInboxEvent {
            SandboxInboxEvent(id: id, postRemoteID: "p", kind: .comment, author: "a", text: "x", at: at)
        }
        let first = try #require(SandboxInboxCursor.after([event("a", t.addingTimeInterval(-5)), event("b", t), event("c", t)], previous: nil))
        #expect(first.seen == ["b", "c"])
        let parsed = try #require(SandboxInboxCursor(first.text))
        #expect(parsed.seen == ["b", "c"] && abs(parsed.at.timeIntervalSince(t)) < 0.001)
        let second = try #require(SandboxInboxCursor.after([event("d", t)], previous: parsed))
        #expect(second.seen == ["b", "c", "d"], "still the same millisecond: all read there so far")
        let third = try #require(SandboxInboxCursor.after([event("e", t.addingTimeInterval(1))], previous: second))
        #expect(third.seen == ["e"])
        #expect(SandboxInboxCursor.after([], previous: third) == third)
        for bad in ["", "x|a", "12"] { #expect(SandboxInboxCursor(bad) == nil, "\(bad)") }
    }
}

