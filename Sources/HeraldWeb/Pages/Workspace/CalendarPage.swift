import FluentKit
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// The plan: a month or week grid, or a list, in the workspace's time zone. Entries can be
/// dragged to another day (calendar.js); without JavaScript, each post's page has the form.
enum CalendarPage {
    enum View: String { case month, week, list }

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let asked = req.queryValues.filter { !$0.value.isEmpty }
        let view = asked["view"].flatMap(View.init(rawValue:)) ?? .month
        let filters = CalendarQuery.Filters(
            channel: asked["channel"].flatMap(UUID.init(text:)),
            campaign: asked["campaign"].flatMap(UUID.init(text:)),
            status: asked["status"].flatMap(PostStatus.init(rawValue:)),
            author: asked["author"].flatMap(UUID.init(text:)))
        let today = Schedule.local(Date(), in: access.workspace.zone)
        let anchor = asked["date"].flatMap { try? LocalDateTime.parse(date: $0, time: "00:00") }
            ?? LocalDateTime(year: today.year, month: today.month, day: today.day, hour: 0, minute: 0)
        // The list goes from the chosen day (today by default), a page at a time.
        let page = view == .list ? try HeraldApp.PageRequest.parse(limit: nil, offset: asked["offset"]) : nil
        // What the content shows depends on the key alone (and the database): requests with one key
        // that overlap share one read and one drawing (`SharedReads`). The frame and the CSRF field
        // the moves need are each request's own.
        let key = ReadKey(workspace: access.workspaceID, role: access.role, zone: access.workspace.timeZone, view: view,
                          anchor: anchor, today: today.dayNumber, filters: filters, page: page, language: req.language)
        let database = req.pageReads
        let drawing = PageContext.withoutPerson(language: req.language, path: req.url.path, access: access)
        let content = try await req.application.sharedReads.run(key) {
            let (shown, choices) = try await database.onOneConnection { db in
                try await read(access, view: view, anchor: anchor, filters: filters, page: page, on: db)
            }
            return Self.content(drawing, access: access, view: view, anchor: anchor, today: today, filters: filters, shown: shown, choices: choices)
        }
        let context = try await PageContext.make(req, access: access)
        return .page(Layout.page(context, title: context.t(.navCalendar), body: "\(content)\(context.csrfField)"))
    }

    /// Everything the calendar's content depends on besides the database. The content may use
    /// the requester's access only through these (its workspace and role): whoever shares a read
    /// gets the first requester's drawing.
    struct ReadKey: Hashable, Sendable {
        var workspace: UUID
        var role: Role
        var zone: String
        var view: View
        var anchor: LocalDateTime
        var today: Int
        var filters: CalendarQuery.Filters
        var page: HeraldApp.PageRequest?
        var language: Language
    }

    /// The posts `view` shows from `anchor` (`page` of the list) and what the filters offer.
    static func read(_ access: WorkspaceAccess, view: View, anchor: LocalDateTime, filters: CalendarQuery.Filters, page: HeraldApp.PageRequest?,
                     on db: any Database) async throws -> (Shown, CalendarQuery.Choices) {
        // Read once: the entries name their campaigns, the filters offer them.
        let campaigns = try await CampaignService.list(access, on: db)
        let shown: Shown
        if let page {
            let upcoming = try await CalendarQuery.scheduled(access, from: anchor, to: anchor.adding(days: 366), filters: filters,
                                                             page: page, campaigns: campaigns, on: db)
            let unscheduled = page.offset == 0
                ? try await CalendarQuery.unscheduled(access, filters: filters, campaigns: campaigns, on: db) : []
            shown = .list(upcoming: upcoming.items, next: upcoming.next, unscheduled: unscheduled, page: page)
        } else {
            let (from, to, _, _) = range(view, anchor: anchor)
            shown = .grid(try await CalendarQuery.grid(access, from: from, to: to, filters: filters, campaigns: campaigns, on: db))
        }
        return (shown, try await CalendarQuery.choices(access, campaigns: campaigns, showedPosts: shown.showsPosts, on: db))
    }

    /// What the calendar read: a month or week grid, or a page of the list.
    enum Shown {
        case grid(CalendarQuery.Grid)
        case list(upcoming: [CalendarQuery.Entry], next: Int?, unscheduled: [CalendarQuery.Entry], page: HeraldApp.PageRequest)

        var showsPosts: Bool {
            switch self {
            case .grid(let grid): !grid.entries.isEmpty
            case .list(let upcoming, _, let unscheduled, _): !upcoming.isEmpty || !unscheduled.isEmpty
            }
        }
    }

    /// The page's content (everything but the frame and the CSRF field), drawn from the workspace's
    /// data and the person's role and language only: requests that share a read share it.
    static func content(_ context: PageContext, access: WorkspaceAccess, view: View, anchor: LocalDateTime, today: LocalDateTime,
                        filters: CalendarQuery.Filters, shown: Shown, choices: CalendarQuery.Choices) -> HTML {
        let body: HTML
        switch shown {
        case .grid(let cells):
            let (from, to, previous, next) = range(view, anchor: anchor)
            body = grid(context, access: access, from: from, to: to, month: view == .month ? anchor.month : nil,
                        shown: cells, today: today, navigation: (previous, next), view: view, filters: filters)
        case .list(let upcoming, let next, let unscheduled, let page):
            let pages = Layout.morePages(context, path: SiteURL.workspace(access.workspaceID, .calendar).path, page: page, next: next,
                                         query: String(link(access, view: .list, date: anchor, filters: filters).split(separator: "?").last ?? ""))
            let earlier = link(access, view: .list, date: anchor.adding(days: -30), filters: filters)
            body = "\(list(context, access: access, upcoming: upcoming, unscheduled: unscheduled, earlier: earlier))\(pages)"
        }
        let filterForm = filtersForm(context, access: access, view: view, anchor: anchor, filters: filters, choices: choices)
        return """
            <h1>\(context.t(.navCalendar))</h1>
            <p class="muted">\(access.workspace.timeZone)</p>
            \(startHere(context, access: access, choices: choices))
            \(filterForm)
            \(body)
            <script src="\(SiteURL.calendarScript.path)" defer></script>
            """
    }

    /// A workspace with no posts yet: what to do first, instead of an empty grid.
    static func startHere(_ context: PageContext, access: WorkspaceAccess, choices: CalendarQuery.Choices) -> HTML {
        guard !choices.hasPosts else { return .empty }
        var steps: [HTML] = []
        if choices.channels.isEmpty, access.can(.manageChannels) {
            steps.append("<li><a href=\"\(SiteURL.workspace(access.workspaceID, .channels).path)\">\(context.t(.calendarStartChannel))</a></li>")
        }
        if access.can(.editPosts) {
            steps.append("<li><a href=\"\(SiteURL.workspace(access.workspaceID, .compose).path)\">\(context.t(.calendarStartWrite))</a></li>")
            steps.append("<li><a href=\"\(SiteURL.workspace(access.workspaceID, .importPosts).path)\">\(context.t(.calendarStartImport))</a></li>")
        }
        guard !steps.isEmpty else { return .empty }
        return "<section class=\"notice start\"><p>\(context.t(.calendarStartTitle))</p><ol>\(steps)</ol></section>"
    }

    /// The local days shown and the anchors of the previous and next pages.
    static func range(_ view: View, anchor: LocalDateTime) -> (LocalDateTime, LocalDateTime, LocalDateTime, LocalDateTime) {
        if view == .week {
            let monday = anchor.adding(days: 1 - anchor.weekday)
            return (monday, monday.adding(days: 7), monday.adding(days: -7), monday.adding(days: 7))
        }
        let first = LocalDateTime(year: anchor.year, month: anchor.month, day: 1, hour: 0, minute: 0)
        let start = first.adding(days: 1 - first.weekday)
        let nextMonth = first.adding(days: 32)
        let followingFirst = LocalDateTime(year: nextMonth.year, month: nextMonth.month, day: 1, hour: 0, minute: 0)
        let lastDay = followingFirst.adding(days: -1)
        let end = lastDay.adding(days: 8 - lastDay.weekday)
        let previous = first.adding(days: -1)
        return (start, end, LocalDateTime(year: previous.year, month: previous.month, day: 1, hour: 0, minute: 0), followingFirst)
    }

    /// The calendar's address for a view and day, keeping the filters.
    static func link(_ access: WorkspaceAccess, view: View, date: LocalDateTime?, filters: CalendarQuery.Filters) -> String {
        var items = ["view=\(view.rawValue)"]
        if let date { items.append("date=\(date.dateString)") }
        for (name, value) in [("channel", filters.channel?.text), ("campaign", filters.campaign?.text),
                              ("status", filters.status?.rawValue), ("author", filters.author?.text)] {
            if let value { items.append("\(name)=\(value)") }
        }
        return SiteURL.workspace(access.workspaceID, .calendar).path + "?" + items.joined(separator: "&")
    }

    static func entryHTML(_ context: PageContext, access: WorkspaceAccess, _ entry: CalendarQuery.Entry, showDate: Bool) -> HTML {
        let dot: HTML = entry.campaign.map {
            "<svg width=\"10\" height=\"10\" aria-label=\"\($0.name)\"><circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"\($0.colour)\"/></svg> " as HTML
        } ?? .empty
        let channels = entry.channels.map(\.name).joined(separator: ", ")
        let excerpt = entry.excerpt
        let draggable: HTML = access.can(.editPosts) && entry.status == .scheduled
            ? " draggable=\"true\" data-post=\"\(entry.id.text)\" data-time=\"\(entry.local.timeString)\"" : .empty
        return """
        <a class="entry status-\(entry.status.rawValue)\(entry.problem ? " problem" as HTML : .empty)" href="\(SiteURL.workspace(access.workspaceID, .post(entry.id)).path)"\(draggable)>\(entry.problem ? "<span class=\"warn\" title=\"\(context.t(.calendarProblem))\" aria-label=\"\(context.t(.calendarProblem))\">⚠</span> " as HTML : .empty)\(dot)<time>\(showDate ? entry.local.dateString + " " : "")\(entry.local.timeString)</time> \(excerpt) <small>\(channels)</small></a>
        """
    }

    static func grid(_ context: PageContext, access: WorkspaceAccess, from: LocalDateTime, to: LocalDateTime, month: Int?,
                     shown: CalendarQuery.Grid, today: LocalDateTime, navigation: (LocalDateTime, LocalDateTime),
                     view: View, filters: CalendarQuery.Filters) -> HTML {
        // Entries by day, as positions (an entry is not copied); each day's date written once.
        var byDay: [Int: [Int]] = [:]
        for (index, entry) in shown.entries.enumerated() { byDay[entry.local.dayNumber, default: []].append(index) }
        var cells: [HTML] = []
        var day = from
        while day < to {
            let date = day.dateString
            var items: [HTML] = (byDay[day.dayNumber] ?? []).map { entryHTML(context, access: access, shown.entries[$0], showDate: false) }
            if let hidden = shown.hidden[date] {
                items.append("<a class=\"more\" href=\"\(link(access, view: .list, date: day, filters: filters))\">\(context.t(LocalizedText(.calendarMore, String(hidden))))</a>")
            }
            let outside = month != nil && day.month != month
            let isToday = day.dayNumber == today.dayNumber
            cells.append("""
            <li class="day\(outside ? " outside" : "")\(isToday ? " today" : "")" data-date="\(date)"><span class="date">\(day.day)</span>\(items)</li>
            """)
            day = day.adding(days: 1)
        }
        let title = month.map { "\(context.t(Self.monthNames[$0 - 1])) \(from.adding(days: 7).year)" }
            ?? "\(from.dateString) – \(to.adding(days: -1).dateString)"
        let names = context.language == .ru ? ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let heads: [HTML] = names.map { "<li class=\"head\">\($0)</li>" }
        return """
        <nav class="calendar-nav"><a href="\(link(access, view: view, date: navigation.0, filters: filters))">←</a>
        <strong>\(title)</strong><a href="\(link(access, view: view, date: navigation.1, filters: filters))">→</a></nav>
        <ol class="calendar \(view.rawValue)" data-move-url="\(SiteURL.workspace(access.workspaceID, .post(nil)).path)" data-move-failed="\(context.t(.calendarMoveFailed))">\(heads)\(cells)</ol>
        """
    }

    static let monthNames: [L] = [.month1, .month2, .month3, .month4, .month5, .month6, .month7, .month8, .month9, .month10,
                                  .month11, .month12]

    /// The list starts from a day the person picks (no script: a date field of the filter form);
    /// the grids keep theirs, moved by their own arrows.
    static func dateField(_ context: PageContext, view: View, anchor: LocalDateTime) -> HTML {
        guard view == .list else { return "<input type=\"hidden\" name=\"date\" value=\"\(anchor.dateString)\">" }
        return "<label class=\"field\">\(context.t(.calendarFrom)) <input type=\"date\" name=\"date\" value=\"\(anchor.dateString)\"></label>"
    }

    /// Posts with a date (scheduled or out), each with its status, then those without one;
    /// `earlier` links to the list from 30 days before.
    static func list(_ context: PageContext, access: WorkspaceAccess, upcoming: [CalendarQuery.Entry],
                     unscheduled: [CalendarQuery.Entry], earlier: String) -> HTML {
        let up: [HTML] = upcoming.map {
            "<li>\(entryHTML(context, access: access, $0, showDate: true)) <small class=\"muted\">\(context.t($0.status.label))</small></li>"
        }
        let later: [HTML] = unscheduled.map { "<li>\(entryHTML(context, access: access, $0, showDate: false))</li>" }
        return """
        <h2>\(context.t(.calendarByDate))</h2>
        <p><a href="\(earlier)">\(context.t(.calendarEarlier))</a></p>
        \(up.isEmpty ? "<p class=\"muted\">\(context.t(.postsEmpty))</p>" as HTML : "<ul class=\"entries\">\(up)</ul>")
        <h2>\(context.t(.postsTitle))</h2>
        \(later.isEmpty ? "<p class=\"muted\">\(context.t(.postsEmpty))</p>" as HTML : "<ul class=\"entries\">\(later)</ul>")
        """
    }

    static func filtersForm(_ context: PageContext, access: WorkspaceAccess, view: View, anchor: LocalDateTime,
                            filters: CalendarQuery.Filters, choices: CalendarQuery.Choices) -> HTML {
        let (channels, campaigns, members) = (choices.channels, choices.campaigns, choices.members)
        let any = ("", "—")
        let statuses: [(String, String)] = [any] + PostStatus.allCases.map { ($0.rawValue, context.t($0.label)) }
        let views: [HTML] = [(View.month, L.calendarMonth), (.week, .calendarWeek), (.list, .calendarList)].map { v, label in
            let current: HTML = v == view ? " aria-current=\"page\"" : ""
            return "<a href=\"\(link(access, view: v, date: anchor, filters: filters))\"\(current)>\(context.t(label))</a>"
        }
        return """
        <nav class="tabs">\(views)</nav>
        <form method="get" class="row filters">
        <input type="hidden" name="view" value="\(view.rawValue)">\(dateField(context, view: view, anchor: anchor))
        \(Layout.select(context, name: "channel", label: context.t(.composeChannels), options: [any] + channels.map { ($0.id.text, $0.name) }, selected: filters.channel?.text ?? ""))
        \(Layout.select(context, name: "campaign", label: context.t(.campaignField), options: [any] + campaigns.map { ($0.id!.text, $0.name) }, selected: filters.campaign?.text ?? ""))
        \(Layout.select(context, name: "status", label: context.t(.calendarStatus), options: statuses, selected: filters.status?.rawValue ?? ""))
        \(Layout.select(context, name: "author", label: context.t(.calendarAuthor), options: [any] + members.map { ($0.0.text, $0.1) }, selected: filters.author?.text ?? ""))
        <button type="submit" class="secondary">\(context.t(.calendarFilter))</button>
        </form>
        """
    }
}

extension PostStatus {
    var label: L {
        switch self {
        case .draft: .postStatusDraft
        case .inReview: .postStatusInReview
        case .approved: .postStatusApproved
        case .scheduled: .postStatusScheduled
        case .published: .postStatusPublished
        }
    }
}
