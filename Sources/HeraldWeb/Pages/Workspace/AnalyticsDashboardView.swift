import HeraldApp
import HeraldCore
import HeraldStore

/// The period's figures: totals with the period before, interactions per day, followers, and the
/// best and weakest posts.
enum AnalyticsDashboardView {
    static func render(_ context: PageContext, access: WorkspaceAccess, _ dashboard: Dashboard, channels: [SocialChannel]) -> HTML {
        let language = context.language
        func figure(_ label: String, _ value: String, before: String?, change: String?) -> HTML {
            let note = [change, before.map { context.t(LocalizedText(.analyticsBefore, $0)) }].compactMap { $0 }.joined(separator: " · ")
            return "<li><small>\(label)</small><strong>\(value)</strong><small>\(note)</small></li>"
        }
        let now = dashboard.current, before = dashboard.previous
        var figures: [HTML] = [
            figure(context.t(.analyticsPosts), NumberText.integer(now.posts, in: language), before: NumberText.integer(before.posts, in: language),
                   change: NumberText.change(from: Double(before.posts), to: Double(now.posts), in: language)),
            figure(context.t(.analyticsInteractions), NumberText.integer(now.interactions, in: language),
                   before: NumberText.integer(before.interactions, in: language),
                   change: NumberText.change(from: Double(before.interactions), to: Double(now.interactions), in: language)),
            figure(context.t(.analyticsPerPost), now.interactionsPerPost.map { NumberText.decimal($0, in: language) } ?? "—",
                   before: before.interactionsPerPost.map { NumberText.decimal($0, in: language) },
                   change: before.interactionsPerPost.flatMap { b in now.interactionsPerPost.flatMap { NumberText.change(from: b, to: $0, in: language) } }),
            figure(context.t(.analyticsEngagementRate), dashboard.engagementRate.map { NumberText.decimal($0, digits: 2, in: language) + " %" } ?? "—",
                   before: nil, change: nil),
            figure(context.t(.analyticsFollowers), dashboard.followers.last.map { NumberText.integer($0.followers, in: language) } ?? "—", before: nil,
                   change: dashboard.followerGrowth.map { context.t(LocalizedText(.analyticsGrowth, ($0 >= 0 ? "+" : "") + NumberText.integer($0, in: language))) }),
        ]
        for metric in PostMetric.allCases {
            let value = now.metrics[metric].map { NumberText.integer($0, in: language) } ?? context.t(.analyticsNotAvailable)
            figures.append(figure(context.t(metric.label).capitalized, value, before: before.metrics[metric].map { NumberText.integer($0, in: language) },
                                  change: before.metrics[metric].flatMap { b in now.metrics[metric].flatMap { NumberText.change(from: Double(b), to: Double($0), in: language) } }))
        }
        return """
        <section aria-labelledby="overview-title"><h2 id="overview-title">\(context.t(.analyticsOverview))</h2>
        <ul class="figures">\(figures)</ul>
        <p class="hint">\(context.t(.analyticsEngagementDefinition))</p>
        \(daily(context, dashboard))
        \(followers(context, dashboard))
        \(posts(context, access: access, title: .analyticsTop, dashboard.top, channels: channels, empty: true))
        \(posts(context, access: access, title: .analyticsBottom, dashboard.bottom, channels: channels, empty: false))
        </section>
        """
    }

    static func daily(_ context: PageContext, _ dashboard: Dashboard) -> HTML {
        guard let first = dashboard.days.first, let last = dashboard.days.last else { return .empty }
        let top = dashboard.days.map(\.interactions).max() ?? 0
        let rows: [HTML] = dashboard.days.map { "<tr><th scope=\"row\">\($0.date)</th><td>\($0.posts)</td><td>\($0.interactions)</td></tr>" }
        return """
        <h3>\(context.t(.analyticsDaily))</h3>
        \(SVGChart.bars(id: "daily", title: context.t(.analyticsDaily),
                        description: context.t(LocalizedText(.analyticsDailyDesc, first.date, last.date, NumberText.integer(top, in: context.language))),
                        values: dashboard.days.map(\.interactions)))
        <details><summary>\(context.t(.analyticsTable))</summary><div class="table-scroll"><table>
        <thead><tr><th>\(context.t(.analyticsDay))</th><th>\(context.t(.analyticsPosts))</th><th>\(context.t(.analyticsInteractions))</th></tr></thead>
        <tbody>\(rows)</tbody></table></div></details>
        """
    }

    static func followers(_ context: PageContext, _ dashboard: Dashboard) -> HTML {
        guard let first = dashboard.followers.first, let last = dashboard.followers.last else {
            return "<h3>\(context.t(.analyticsFollowers))</h3><p class=\"muted\">\(context.t(.analyticsNoFollowers))</p>"
        }
        let rows: [HTML] = dashboard.followers.map { "<tr><th scope=\"row\">\($0.date)</th><td>\($0.followers)</td></tr>" }
        return """
        <h3>\(context.t(.analyticsFollowers))</h3>
        \(SVGChart.line(id: "followers", title: context.t(.analyticsFollowers),
                        description: context.t(LocalizedText(.analyticsFollowerDesc, first.date, NumberText.integer(first.followers, in: context.language),
                                                             last.date, NumberText.integer(last.followers, in: context.language))),
                        values: dashboard.followers.map(\.followers)))
        <details><summary>\(context.t(.analyticsTable))</summary><div class="table-scroll"><table>
        <thead><tr><th>\(context.t(.analyticsDay))</th><th>\(context.t(.analyticsFollowers))</th></tr></thead>
        <tbody>\(rows)</tbody></table></div></details>
        """
    }

    static func posts(_ context: PageContext, access: WorkspaceAccess, title: L, _ posts: [PostPerformance], channels: [SocialChannel],
                      empty: Bool) -> HTML {
        guard !posts.isEmpty else { return empty ? "<h3>\(context.t(title))</h3><p class=\"muted\">\(context.t(.analyticsNoPosts))</p>" : .empty }
        let names = Dictionary(channels.compactMap { c in c.id.map { ($0, c.name) } }, uniquingKeysWith: { a, _ in a })
        let rows: [HTML] = posts.map { post in
            let numbers = PostMetric.allCases.compactMap { metric in post.metrics[metric].map { "\(context.t(metric.label)) \($0)" } }.joined(separator: " · ")
            return """
            <tr><td><a href="\(SiteURL.workspace(access.workspaceID, .post(post.postID)).path)">\(String(post.text.prefix(80)))</a></td>
            <td>\(names[post.channelID] ?? "—")</td><td>\(context.date(post.publishedAt))</td><td>\(post.interactions)</td><td>\(numbers)</td></tr>
            """
        }
        return """
        <h3>\(context.t(title))</h3><div class="table-scroll"><table>
        <thead><tr><th>\(context.t(.analyticsPost))</th><th>\(context.t(.analyticsChannel))</th><th>\(context.t(.analyticsDay))</th>
        <th>\(context.t(.analyticsInteractions))</th><th>\(context.t(.analyticsMetrics))</th></tr></thead><tbody>\(rows)</tbody></table></div>
        """
    }
}
