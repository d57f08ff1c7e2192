import Foundation
import HeraldCore
import Testing

@Suite("Analytics: best time, content findings, dashboards")
struct AnalyticsTests {
    static let start = Date(timeIntervalSince1970: 1_793_000_000)  // 2026-10-26, a Monday
    static let now = start.addingTimeInterval(70 * 86_400)
    static let channel = UUID()

    /// `count` posts at seeded random times over eight weeks, counted as the simulated audience reacts to them.
    static func history(_ audience: SandboxAudience, count: Int, seed: UInt64,
                        content: (inout SeededRandom) -> (SandboxContentType, SandboxImageType?) = { _ in (.text, nil) }) -> [PostPerformance] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { index in
            let at = start.addingTimeInterval(Double(rng.next() % (56 * 86_400)))
            let (kind, image) = content(&rng)
            let events = audience.events(post: "p\(seed)-\(index)", postedAt: at, content: kind, image: image, russian: false,
                                         from: at, to: at.addingTimeInterval(SandboxAudience.lifetime))
            func count(_ k: SandboxEventKind) -> Int { events.filter { $0.kind == k }.count }
            let contentKind: ContentKind = switch kind {
            case .text: .text
            case .image: .image
            case .video: .video
            case .link: .link
            }
            return PostPerformance(publicationID: UUID(), postID: UUID(), channelID: channel, publishedAt: at, text: "post \(index)",
                                   kind: contentKind, imageTags: image.map { [$0.rawValue] } ?? [],
                                   metrics: [.likes: count(.like), .reposts: count(.share), .replies: count(.comment), .clicks: count(.click)])
        }
    }

    /// The simulated truth for a workspace-zone hour of the week: the audience's expected attention for a post then.
    static func truth(_ audience: SandboxAudience, weekday: Int, hour: Int, zone: TimeZoneName) -> Double {
        let day = Schedule.local(start, in: zone).adding(days: weekday - 1)
        let local = LocalDateTime(year: day.year, month: day.month, day: day.day, hour: hour, minute: 30)
        return audience.expectedAttention(postedAt: Schedule.instant(of: local, in: zone).date)
    }

    @Test("best time recovers the simulated audience's active hours, in the workspace's zone", arguments: ["zerno", "acme", "north"])
    func bestTimeRecoversTruth(account: String) throws {
        let audience = SandboxAudience.forAccount(account)
        let zone = try #require(TimeZoneName("Europe/Berlin"))
        let grid = BestTime(posts: Self.history(audience, count: 700, seed: StableHash.of(account)), zone: zone, now: Self.now)
        #expect(grid.hasEnoughData && grid.posts == 700)
        for weekday in 1...7 {
            let truths = (0..<24).map { Self.truth(audience, weekday: weekday, hour: $0, zone: zone) }
            let top = try #require(grid.best(weekday: weekday).first, "no recommendation for weekday \(weekday)")
            // The recommended hour does at least 85 % as well as the truly best hour of that day.
            #expect(truths[top.hour] >= 0.85 * (truths.max() ?? 0), "weekday \(weekday): recommended \(top.hour):00")
        }
        // Across the week, the grid follows the truth.
        let pairs = grid.cells.filter(\.isReliable).map { ($0.estimate!.mean, Self.truth(audience, weekday: $0.weekday, hour: $0.hour, zone: zone)) }
        #expect(Self.correlation(pairs) > 0.8)
    }

    @Test("a slot in a low hour is called low with the better hour and the factor; too little data says so")
    func slotAdvice() throws {
        let audience = SandboxAudience.forAccount("zerno")
        let zone = try #require(TimeZoneName("Europe/Moscow"))
        let grid = BestTime(posts: Self.history(audience, count: 700, seed: 11), zone: zone, now: Self.now)
        let tuesday = (0..<24).filter { grid.cell(weekday: 2, hour: $0).isReliable }
        let worst = try #require(tuesday.min { grid.cell(weekday: 2, hour: $0).estimate!.mean < grid.cell(weekday: 2, hour: $1).estimate!.mean })
        let best = try #require(grid.best(weekday: 2).first)
        let advice = grid.advice(for: [WeeklySlot(weekday: 2, hour: worst, minute: 0), WeeklySlot(weekday: 2, hour: best.hour, minute: 15)])
        let low = try #require(advice.first { $0.slot.hour == worst }), good = try #require(advice.first { $0.slot.hour == best.hour })
        #expect(low.verdict == .low && low.better?.hour == best.hour && (low.factor ?? 0) >= BestTime.clearlyBetter)
        #expect(good.verdict == .good)

        let few = BestTime(posts: Array(Self.history(audience, count: 9, seed: 3)), zone: zone, now: Self.now)
        #expect(!few.hasEnoughData && few.best(weekday: 2).isEmpty)
        #expect(few.advice(for: [WeeklySlot(weekday: 2, hour: 9, minute: 0)]).first?.verdict == .unknown)
    }

    @Test("posts younger than two days and channels without interactions are left out")
    func leftOut() throws {
        let zone = try #require(TimeZoneName("UTC"))
        func post(_ at: Date, likes: Int, channel: UUID = Self.channel) -> PostPerformance {
            PostPerformance(publicationID: UUID(), postID: UUID(), channelID: channel, publishedAt: at, text: "x", kind: .text, metrics: [.likes: likes])
        }
        let posts = [post(Self.now.addingTimeInterval(-3600), likes: 5), post(Self.now.addingTimeInterval(-3 * 86_400), likes: 4),
                     post(Self.now.addingTimeInterval(-4 * 86_400), likes: 0, channel: UUID())]
        #expect(BestTime(posts: posts, zone: zone, now: Self.now).posts == 1)
    }

    @Test("content findings recover the audience's content and image preferences")
    func contentRecoversTruth() throws {
        let zone = try #require(TimeZoneName("Europe/Berlin"))
        for account in ["zerno", "acme", "north"] {
            let audience = SandboxAudience.forAccount(account)
            let posts = Self.history(audience, count: 900, seed: StableHash.of(account) ^ 0xABCD) { rng in
                let kind = SandboxContentType.allCases[Int(rng.next() % 4)]
                return (kind, kind == .image ? SandboxImageType.allCases[Int(rng.next() % 3)] : nil)
            }
            let findings = ContentFindings(posts: posts, zone: zone, now: Self.now)
            // Every pair of kinds whose simulated appeal differs by more than a quarter comes out in that order.
            let kinds: [(SandboxContentType, ContentKind)] = [(.text, .text), (.image, .image), (.video, .video), (.link, .link)]
            let imageAppeal = audience.imageAffinity.values.reduce(0, +) / 3
            func appeal(_ kind: SandboxContentType) -> Double { audience.contentAffinity[kind]! * (kind == .image ? imageAppeal : 1) }
            for (a, ka) in kinds { for (b, kb) in kinds where appeal(a) > 1.25 * appeal(b) {
                let ga = try #require(findings.group(.kind, ka.rawValue)), gb = try #require(findings.group(.kind, kb.rawValue))
                #expect(ga.estimate.mean > gb.estimate.mean, "\(account): \(a) should beat \(b)")
            } }
            for a in SandboxImageType.allCases { for b in SandboxImageType.allCases where audience.imageAffinity[a]! > 1.25 * audience.imageAffinity[b]! {
                let ga = try #require(findings.group(.imageTag, a.rawValue)), gb = try #require(findings.group(.imageTag, b.rawValue))
                #expect(ga.estimate.mean > gb.estimate.mean, "\(account): \(a) images should beat \(b)")
            } }
            #expect(findings.clear().allSatisfy { $0.estimate.n >= ContentFindings.minimumClear })
        }
    }

    @Test("estimates: Student's t interval, relative scaling")
    func estimates() throws {
        let e = try #require(Estimate.of([1, 2, 3, 4, 5]))
        #expect(e.n == 5 && e.mean == 3)
        #expect(abs(e.high - (3 + 2.776 * (2.5 / 5).squareRoot())) < 1e-9)
        #expect(Estimate.of([]) == nil)
        #expect(e.relative(to: 3).mean == 1)
    }

    @Test("dashboard: totals against the period before, days, followers, top and bottom")
    func dashboard() throws {
        let zone = try #require(TimeZoneName("Europe/Moscow"))
        let from = Schedule.instant(of: LocalDateTime(year: 2026, month: 10, day: 26, hour: 0, minute: 0), in: zone).date
        let to = from.addingTimeInterval(7 * 86_400)
        func post(_ day: Double, likes: Int, views: Int? = nil) -> PostPerformance {
            var metrics: [PostMetric: Int] = [.likes: likes, .replies: 1]
            if let views { metrics[.views] = views }
            return PostPerformance(publicationID: UUID(), postID: UUID(), channelID: Self.channel,
                                   publishedAt: from.addingTimeInterval(day * 86_400 + 36_000), text: "#Coffee time", kind: .text, metrics: metrics)
        }
        let posts = (0..<7).map { post(Double($0), likes: $0 * 10, views: $0 == 3 ? 500 : nil) }
        let other = UUID()
        let dashboard = Dashboard(posts: posts, earlier: [post(-3, likes: 4)],
                                  followerSamples: [.init(at: from.addingTimeInterval(-3600), channelID: Self.channel, followers: 1000),
                                                    .init(at: from.addingTimeInterval(3600), channelID: other, followers: 200),
                                                    .init(at: from.addingTimeInterval(86_400 * 6), channelID: Self.channel, followers: 1100)],
                                  from: from, to: to, zone: zone, listed: 3)
        #expect(dashboard.current.posts == 7 && dashboard.current.interactions == 210 + 7 && dashboard.current.metrics[.views] == 500)
        #expect(dashboard.previous.posts == 1 && dashboard.previous.interactions == 5)
        #expect(dashboard.days.count == 7 && dashboard.days.map(\.posts) == Array(repeating: 1, count: 7))
        #expect(dashboard.followers.map(\.followers) == [1200, 1300] && dashboard.followerGrowth == 100)
        #expect(dashboard.top.map(\.metrics[.likes]) == [60, 50, 40] && dashboard.bottom.map(\.metrics[.likes]) == [0, 10, 20])
        #expect(abs((dashboard.engagementRate ?? 0) - (217.0 / 7 / 1300 * 100)) < 1e-9)
        #expect(posts[0].hashtags == ["coffee"])
    }

    static func correlation(_ pairs: [(Double, Double)]) -> Double {
        let n = Double(pairs.count)
        let mx = pairs.map(\.0).reduce(0, +) / n, my = pairs.map(\.1).reduce(0, +) / n
        let cov = pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let vx = pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }, vy = pairs.reduce(0) { $0 + ($1.1 - my) * ($1.1 - my) }
        return cov / (vx * vy).squareRoot()
    }
}

@Suite("Numbers in each language")
struct NumberTextTests {
    @Test("decimals, thousands and changes")
    func numbers() {
        #expect(NumberText.decimal(1.6, in: .en) == "1.6" && NumberText.decimal(1.6, in: .ru) == "1,6")
        #expect(NumberText.decimal(1234.56, digits: 2, in: .en) == "1,234.56")
        #expect(NumberText.integer(1_234_567, in: .ru) == "1\u{202F}234\u{202F}567")
        #expect(NumberText.decimal(0.05, digits: 1, in: .en) == "0.1" && NumberText.decimal(-2, digits: 0, in: .en) == "−2")
        #expect(NumberText.change(from: 100, to: 112, in: .en) == "+12 %" && NumberText.change(from: 0, to: 5, in: .en) == nil)
    }
}

@Suite("Analytics details")
struct AnalyticsDetailTests {
    static func group(_ dimension: ContentFindings.Dimension, _ value: String, _ values: [Double]) -> ContentFindings.Group {
        ContentFindings.Group(dimension: dimension, value: value, estimate: Estimate.of(values)!)
    }

    @Test("one value has no interval; a slot's time reads as people write it")
    func singles() {
        let one = Estimate.of([2])!
        #expect(!one.hasInterval && one.low == 2 && one.high == 2)
        #expect(Estimate.of([1, 3])!.hasInterval)
        #expect(WeeklySlot(weekday: 2, hour: 9, minute: 5).timeText == "09:05" && WeeklySlot(weekday: 2, hour: 18, minute: 30).text == "Tue 18:30")
    }

    @Test("the composer's finding: the clearest of the post's kind and its images' tags; nothing when none is clear")
    func relevant() {
        var findings = ContentFindings(posts: [], zone: .utc, now: Date())
        let image = Self.group(.kind, "image", [1.5, 1.6, 1.4, 1.55, 1.45])  // clear, 1.5×
        let people = Self.group(.imageTag, "people", [2.0, 2.1, 1.9, 2.05, 1.95])  // clear, 2×
        let product = Self.group(.imageTag, "product", [0.5, 1.5, 1.0])  // not clear
        findings.groups = [.kind: [image], .imageTag: [people, product]]
        #expect(findings.relevant(kind: .image, imageTags: ["product"])?.value == "image")
        #expect(findings.relevant(kind: .image, imageTags: ["People", "product"])?.value == "people")
        #expect(findings.relevant(kind: .text, imageTags: ["product"]) == nil)
    }
}
