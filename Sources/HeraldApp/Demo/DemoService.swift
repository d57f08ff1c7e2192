import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// `herald demo`: an organisation with two workspaces on the built-in Sandbox network — a week
/// of published posts its simulated audience has reacted to, posts due in the next minutes
/// (the worker publishes them while you watch), a draft, one waiting for approval, a campaign,
/// a brand voice and a hashtag group. Everything goes through the same services as the pages.
package enum DemoService {
    package static let organizationName = "Herald demo"
    package static let email = "demo@herald.local"
    package static let password = "sandbox-demo-password"

    package enum Outcome: Equatable {
        case created
        case alreadyThere
        /// The data directory holds a real install: the demo will not touch it.
        case refused
    }

    package static func seed(_ runtime: HeraldRuntime, now: Date = Date()) async throws -> Outcome {
        let db = runtime.database()
        if try await TenancyQueries.isSetUp(on: db) {
            let demo = try await Organization.query(on: db).filter(\.$name == organizationName).first()
            return demo == nil ? .refused : .alreadyThere
        }
        let (owner, coffee) = try await AccountService.setUp(
            .init(organizationName: organizationName, name: "Demo Owner", email: email, password: password,
                  workspaceName: "Кофейня «Зерно»", timeZone: "Europe/Moscow", language: "ru"),
            hasher: runtime.passwords, on: db)
        // The owner keeps no language of their own: the pages follow the sign-in page's language
        // (or the browser's), so an English sign-in stays English in a Russian workspace.
        let outdoor = try await WorkspaceService.create(by: owner, .init(name: "Acme Outdoor", timeZone: "Europe/Berlin", language: "en"),
                                                        on: db)
        let coffeeAccess = try await WorkspaceAccess.resolve(userID: owner.requireID(), user: owner, workspaceID: coffee.requireID(), on: db)
        let outdoorAccess = try await WorkspaceAccess.resolve(userID: owner.requireID(), user: owner, workspaceID: outdoor.requireID(),
                                                              on: db)
        try await seedCoffee(runtime, coffeeAccess, now: now)
        try await seedOutdoor(runtime, outdoorAccess, now: now)
        // Let the audience catch up with the history at once, and read its numbers as the worker would.
        while try await SandboxNetwork.advance(now: now, batch: 500, on: db) > 0 {}
        if let metrics = runtime.makeWorker(database: runtime.database).metrics {
            for channel in try await SocialChannel.query(on: db).all() { try await metrics.read(channelID: channel.requireID(), now: now, on: db) }
        }
        return .created
    }

    private static func seedCoffee(_ runtime: HeraldRuntime, _ access: WorkspaceAccess, now: Date) async throws {
        let db = runtime.database()
        let feed = try await channel(runtime, access, name: "Зерно · лента", token: "demo-zerno-feed")
        let stories = try await channel(runtime, access, name: "Зерно · новости", token: "demo-zerno-news")
        let workspace = access.workspace
        var voice = workspace.brandVoice
        voice.toneNotes = "Тепло и по-дружески, на «вы»; без канцелярита."
        voice.bannedTerms = [.init("дешёвый", replacement: "доступный"), .init("скидк*", severity: .block)]
        workspace.brandVoice = voice
        try await workspace.save(on: db)
        try await HashtagGroup(workspaceID: access.workspaceID, name: "Кофе", tags: "#кофе #зерно #кофейня").create(on: db)
        let campaign = try await CampaignService.create(access, .init(
            name: "Осенний кофе", theme: "Тёплые напитки и новые зёрна", colour: "#b5651d", startsOn: nil, endsOn: nil,
            goal: "Больше визитов по будням", defaultHashtags: "#осень #кофе", utmSource: "herald", utmMedium: "social",
            utmCampaign: "autumn-coffee"), on: db)
        let card = try await MediaService.upload(
            access, fileName: "autumn-card.png",
            data: PNGCard.make(width: 1080, height: 1080, colours: ((181, 101, 29), (245, 222, 179))),
            details: .init(altText: "Осенняя карточка: полосы цвета кофе и молока", tags: "осень", folder: "Карточки"),
            maxBytes: runtime.configuration.maxUploadBytes, storage: runtime.mediaStorage, on: db)
        let history: [(String, [UUID], Double)] = [
            ("Доброе утро! Сегодня варим эфиопию на воронке ☕", [], 6.6),
            ("Новый сезонный латте с тыквой уже в меню 🎃 https://zerno.example/menu", [], 5.3),
            ("Как выбрать зерно для дома: короткий гид https://zerno.example/guide", [], 4.4),
            ("Осенняя карточка недели — делитесь с друзьями!", [try card.requireID()], 3.5),
            ("В субботу — бесплатная дегустация с 12:00 до 15:00", [], 2.3),
            ("Спасибо, что вы с нами! 1000 чашек за неделю 🙌", [try card.requireID()], 1.4),
            ("Кофе с собой теперь в многоразовых стаканах ♻️", [], 0.6),
        ]
        for (index, (text, media, daysAgo)) in history.enumerated() {
            try await SandboxHistory.published(runtime, access, text: text, media: media, channel: index.isMultiple(of: 3) ? stories : feed,
                                at: now.addingTimeInterval(-daysAgo * 86_400), campaign: index >= 3 ? try campaign.requireID() : nil)
        }
        try await upcoming(runtime, access, text: "Через пару минут: свежая обжарка уже на полках! #кофе", channels: [feed, stories],
                           at: now.addingTimeInterval(120))
        try await upcoming(runtime, access, text: "Осенний абонемент: каждый десятый кофе — в подарок 🎁", channels: [feed],
                           at: now.addingTimeInterval(300))
        try await upcoming(runtime, access, text: "Завтра открываемся на час раньше — в 7:00", channels: [stories],
                           at: now.addingTimeInterval(1800))
        var draft = PostService.Draft()
        draft.text = "Черновик: анонс мастер-класса по латте-арту"
        draft.channels = [try feed.requireID()]
        _ = try await PostService.create(access, draft, on: db)
    }

    /// The outdoor shop's everyday posts of the last four weeks (besides the few written out above).
    package static let historyPosts = 90

    private static func seedOutdoor(_ runtime: HeraldRuntime, _ access: WorkspaceAccess, now: Date) async throws {
        let db = runtime.database()
        let main = try await channel(runtime, access, name: "Acme · Sandbox", token: "demo-acme-main")
        let history: [(String, Double)] = [
            ("New trail guide: five autumn hikes near Berlin https://acme.example/trails", 6.2),
            ("Our waterproof jacket survived 40 km of rain. Ask us anything!", 4.8),
            ("Weekend tip: pack a thermos and an extra layer 🧣", 3.1),
            ("We're hiring a store manager in Munich https://acme.example/jobs", 1.9),
            ("Thank you for 5,000 followers! 🏔️", 0.8),
        ]
        for (text, daysAgo) in history {
            try await SandboxHistory.published(runtime, access, text: text, media: [], channel: main, at: now.addingTimeInterval(-daysAgo * 86_400),
                                campaign: nil)
        }
        // Four weeks of everyday posting, so Analytics has something to say from the first minute.
        main.postingSlots = [WeeklySlot(weekday: 2, hour: 7, minute: 0), WeeklySlot(weekday: 4, hour: 18, minute: 0)]
        try await main.save(on: db)
        try await SandboxHistory.generate(runtime, access, channel: main, count: historyPosts, days: 28, media: [], seed: 2026, now: now)
        try await upcoming(runtime, access, text: "Flash sale on tents starts in ten minutes ⛺", channels: [main],
                           at: now.addingTimeInterval(600))
        var draft = PostService.Draft()
        draft.text = "Draft: winter collection teaser"
        draft.channels = [try main.requireID()]
        let post = try await PostService.create(access, draft, on: db)
        _ = try await WorkflowService.act(post, workspace: access.workspace, action: .submit, comment: nil,
                                          actor: WorkflowService.actor(access), on: db)
    }

    private static func channel(_ runtime: HeraldRuntime, _ access: WorkspaceAccess, name: String, token: String) async throws -> SocialChannel {
        try await ChannelService.create(access, .init(platform: "sandbox", name: name, accessToken: token, instanceURL: nil),
                                        box: runtime.secretBox, connectors: runtime.connectors, on: runtime.database())
    }

    private static func upcoming(_ runtime: HeraldRuntime, _ access: WorkspaceAccess, text: String, channels: [SocialChannel],
                                 at: Date) async throws {
        var draft = PostService.Draft()
        draft.text = text
        draft.channels = try channels.map { try $0.requireID() }
        let post = try await PostService.create(access, draft, on: runtime.database())
        let local = Schedule.local(at, in: access.workspace.zone)
        _ = try await ScheduleService.schedule(access, postID: try post.requireID(), date: local.dateString, time: local.timeString,
                                               zone: access.workspace.zone.identifier, now: at.addingTimeInterval(-60), on: runtime.database())
    }
}
