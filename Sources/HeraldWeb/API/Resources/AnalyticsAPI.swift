import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: a period's figures, best time to post, content findings and the per-post CSV —
/// the same numbers as the Analytics page.
enum AnalyticsAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("analytics", use: dashboard)
        workspace.get("analytics", "best-time", use: bestTime)
        workspace.get("analytics", "content", use: content)
        workspace.get("analytics", "export", use: AnalyticsFilter.csv)
        workspace.get("posts", ":post", "metrics", use: postMetrics)
    }

    /// One post's numbers over time, per channel it went out on: every reading, and the metrics
    /// its platform stopped giving with since when.
    @Sendable static func postMetrics(req: Request) async throws -> PostMetricsDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        let series = try await PublishingService.series(of: try post.requireID(), access: access, on: req.db)
        return PostMetricsDTO(publications: try series.map { try PostMetricsDTO.Publication($0.publication, series: $0.series) })
    }

    /// `?from=&to=` (YYYY-MM-DD, workspace zone; default the last 30 days), `?channel=`, `?campaign=`.
    @Sendable static func dashboard(req: Request) async throws -> AnalyticsDashboardDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let filter = try await AnalyticsFilter.parse(req, access)
        let dashboard = try await AnalyticsQuery.dashboard(access, from: filter.from, to: filter.to, scope: filter.scope, on: req.db)
        return AnalyticsDashboardDTO(dashboard, from: filter.from, to: filter.to)
    }

    /// `?channel=`: one channel's grid (default all channels, each post against its own channel's usual post).
    @Sendable static func bestTime(req: Request) async throws -> BestTimeDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let channel = try await AnalyticsFilter.parse(req, access).scope.channel
        let (grid, slots) = try await AnalyticsQuery.bestTime(access, channel: channel, on: req.db)
        return BestTimeDTO(grid, slots: slots, zone: access.workspace.zone)
    }

    @Sendable static func content(req: Request) async throws -> ContentFindingsDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let channel = try await AnalyticsFilter.parse(req, access).scope.channel
        return ContentFindingsDTO(try await AnalyticsQuery.content(access, channel: channel, on: req.db))
    }
}

struct AnalyticsDashboardDTO: Content {
    struct Totals: Content {
        var posts: Int
        var interactions: Int
        /// Only the metrics some post has: the rest are not available.
        var metrics: [String: Int]

        init(_ totals: Dashboard.Totals) {
            posts = totals.posts
            interactions = totals.interactions
            metrics = Dictionary(uniqueKeysWithValues: totals.metrics.map { ($0.key.rawValue, $0.value) })
        }
    }

    struct Day: Content {
        var date: String
        var posts: Int
        var interactions: Int
    }

    struct FollowerDay: Content {
        var date: String
        var followers: Int
    }

    struct Post: Content {
        var postID: UUID
        var publicationID: UUID
        var channelID: UUID
        var publishedAt: Date
        var kind: String
        var interactions: Int
        var metrics: [String: Int]

        init(_ post: PostPerformance) {
            postID = post.postID
            publicationID = post.publicationID
            channelID = post.channelID
            publishedAt = post.publishedAt
            kind = post.kind.rawValue
            interactions = post.interactions
            metrics = Dictionary(uniqueKeysWithValues: post.metrics.map { ($0.key.rawValue, $0.value) })
        }
    }

    var from: Date
    var to: Date
    var current: Totals
    var previous: Totals
    var engagementRate: Double?
    var followers: Int?
    var followerGrowth: Int?
    var days: [Day]
    var followersByDay: [FollowerDay]
    var top: [Post]
    var bottom: [Post]

    init(_ dashboard: Dashboard, from: Date, to: Date) {
        self.from = from
        self.to = to
        current = Totals(dashboard.current)
        previous = Totals(dashboard.previous)
        engagementRate = dashboard.engagementRate.map { ($0 * 100).rounded() / 100 }
        followers = dashboard.followers.last?.followers
        followerGrowth = dashboard.followerGrowth
        days = dashboard.days.map { Day(date: $0.date, posts: $0.posts, interactions: $0.interactions) }
        followersByDay = dashboard.followers.map { FollowerDay(date: $0.date, followers: $0.followers) }
        top = dashboard.top.map(Post.init)
        bottom = dashboard.bottom.map(Post.init)
    }
}

struct EstimateDTO: Content {
    var mean: Double
    /// The 95 % interval; absent for a single post, which says nothing about the spread.
    var low: Double?
    var high: Double?
    var n: Int

    init(_ estimate: Estimate) {
        func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        mean = round(estimate.mean)
        low = estimate.hasInterval ? round(estimate.low) : nil
        high = estimate.hasInterval ? round(estimate.high) : nil
        n = estimate.n
    }
}

struct BestTimeDTO: Content {
    struct Cell: Content {
        var weekday: Int
        var hour: Int
        var reliable: Bool
        var estimate: EstimateDTO?
    }

    struct Slot: Content {
        var channelID: UUID
        var weekday: Int
        var time: String
        var verdict: String
        var current: EstimateDTO?
        var betterHour: Int?
        var factor: Double?
    }

    var posts: Int
    var enoughData: Bool
    var zone: String
    var cells: [Cell]
    var best: [Cell]
    var slots: [Slot]

    init(_ grid: BestTime, slots: [(channel: SocialChannel, advice: [BestTime.SlotAdvice])], zone: TimeZoneName) {
        posts = grid.posts
        enoughData = grid.hasEnoughData
        self.zone = zone.identifier
        func cell(_ cell: BestTime.Cell) -> Cell {
            Cell(weekday: cell.weekday, hour: cell.hour, reliable: cell.isReliable, estimate: cell.estimate.map(EstimateDTO.init))
        }
        cells = grid.cells.map(cell)
        best = (1...7).flatMap { grid.best(weekday: $0) }.map(cell)
        self.slots = slots.flatMap { channel, advice in
            advice.compactMap { item in
                channel.id.map { id in
                Slot(channelID: id, weekday: item.slot.weekday, time: item.slot.timeText,
                     verdict: item.verdict.rawValue, current: item.current.map(EstimateDTO.init), betterHour: item.better?.hour,
                     factor: item.factor.map { ($0 * 100).rounded() / 100 })
                }
            }
        }
    }
}

struct ContentFindingsDTO: Content {
    struct Group: Content {
        var dimension: String
        var value: String
        var clear: Bool
        var estimate: EstimateDTO
    }

    var posts: Int
    var groups: [Group]
    var clear: [Group]

    init(_ findings: ContentFindings) {
        posts = findings.posts
        func group(_ group: ContentFindings.Group) -> Group {
            Group(dimension: group.dimension.rawValue, value: group.value, clear: group.isClear, estimate: EstimateDTO(group.estimate))
        }
        groups = ContentFindings.Dimension.allCases.flatMap { findings.groups[$0] ?? [] }.map(group)
        clear = findings.clear().map(group)
    }
}

struct PostMetricsDTO: Content {
    struct Reading: Content {
        var at: Date
        /// Only what the platform gave at this reading.
        var values: [String: Int]
    }

    struct Publication: Content {
        var publicationID: UUID
        var channelID: UUID
        var publishedAt: Date?
        var readings: [Reading]
        /// Metric → the first reading without it, for metrics the platform stopped giving.
        var notGivenSince: [String: Date]

        init(_ publication: PublicationRecord, series: MetricSeries) throws {
            publicationID = try publication.requireID()
            channelID = publication.$channel.id
            publishedAt = publication.publishedAt
            readings = series.readings.map { reading in
                Reading(at: reading.at, values: Dictionary(uniqueKeysWithValues: reading.values.map { ($0.key.rawValue, $0.value) }))
            }
            notGivenSince = Dictionary(uniqueKeysWithValues: series.retired.map { ($0.key.rawValue, $0.value) })
        }

        enum CodingKeys: String, CodingKey {
            case readings
            case publicationID = "publication_id", channelID = "channel_id", publishedAt = "published_at", notGivenSince = "not_given_since"
        }
    }

    var publications: [Publication]
}
