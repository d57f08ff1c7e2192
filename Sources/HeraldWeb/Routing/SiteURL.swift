import Foundation
import HeraldApp
import Vapor

/// Every page path of the web UI. Links and route registration both come from here, so a path
/// is spelled once. A nil id stands for the route parameter when registering.
enum SiteURL {
    case home
    case setup
    case login
    case logout
    case language
    case workspaces
    case account
    case oauthCallback(String?)
    case accountPassword
    case accountNotifications
    case accountTelegram
    case accountTelegramUnlink
    case passwordForgot
    case passwordSet(String?)
    case tokens
    case tokenRevoke(UUID?)
    case stylesheet
    case composerScript
    case icon
    case faviconICO
    case calendarScript
    case zoneScript
    case pageScript
    case inboxKeys
    case calendarFeed(UUID?, String?)
    case calendarFeedReset
    case clientApproval(UUID?, Int?, String?)
    /// A short link (`/l/{slug}`) and a workspace's link-in-bio page (`/b/{slug}`), both public.
    case shortLink(String?)
    case bio(String?)
    case workspace(UUID?, WorkspacePage)

    enum WorkspacePage {
        case overview
        case today
        case calendar
        case compose
        case postDelete(UUID?)
        case inbox
        case inboxReply(UUID?)
        case inboxPlatform(UUID?)
        case inboxStatus(UUID?)
        case inboxAssign(UUID?)
        case inboxWork(UUID?)
        case inboxBulk
        case departments
        case departmentMembers(UUID?)
        case departmentRemove(UUID?)
        case routing
        case serviceLevels
        case inboxReport
        case replyDecision(UUID?)
        case savedReplies
        case savedReplyRemove(UUID?)
        case routingTry
        case routingRemove(UUID?)
        case routingMove(UUID?)
        case routingSwitch(UUID?)
        case analytics
        case analyticsExport
        case reports
        case reportSettings
        case report
        case links
        case linkShortening
        case bioLinks
        case bioLinkRemove(UUID?)
        case library
        case settings
        case members
        case memberRole(UUID?)
        case memberRemove(UUID?)
        case memberPasswordLink(UUID?)
        case channels
        case channelConnect(String?)
        case channelOAuth(String?)
        case channelRemove(UUID?)
        case channelUpdate(UUID?)
        case channelReconnect(UUID?)
        case channelCheck(UUID?)
        case publicationRetry(UUID?, UUID?)
        case publicationResolve(UUID?, UUID?)
        case publicationRemove(UUID?, UUID?)
        case publicationEdit(UUID?, UUID?)
        case postDuplicate(UUID?)
        case noticeDismiss(UUID?)
        case webhook
        case webhookRemove
        case voice
        case hashtagGroups
        case hashtagGroupDelete(UUID?)
        case schedule(UUID?)
        case queue(UUID?)
        case unschedule(UUID?)
        case workflow(UUID?, String?)
        case approvalLink(UUID?)
        case approvalLinkRevoke(UUID?)
        case slots(UUID?)
        case campaigns
        case notifications
        case importPosts
        case media(UUID?)
        case mediaDelete(UUID?)
        case mediaFile(UUID?)
        case campaign(UUID?)
        case campaignDelete(UUID?)
        case composeCheck
        case post(UUID?)
        case export
        case exportDownload
    }

    private enum Segment {
        case literal(String)
        case parameter(String, UUID?)
        case text(String, String?)
    }

    private var segments: [Segment] {
        switch self {
        case .home: []
        case .setup: [.literal("setup")]
        case .login: [.literal("login")]
        case .logout: [.literal("logout")]
        case .language: [.literal("language")]
        case .workspaces: [.literal("workspaces")]
        case .account: [.literal("account")]
        case .oauthCallback(let platform): [.literal("oauth"), .text("platform", platform), .literal("callback")]
        case .accountPassword: [.literal("account"), .literal("password")]
        case .accountNotifications: [.literal("account"), .literal("notifications")]
        case .accountTelegram: [.literal("account"), .literal("telegram")]
        case .accountTelegramUnlink: [.literal("account"), .literal("telegram"), .literal("unlink")]
        case .passwordForgot: [.literal("password"), .literal("forgot")]
        case .passwordSet(let token): [.literal("password"), .text("token", token)]
        case .tokens: [.literal("account"), .literal("tokens")]
        case .tokenRevoke(let id): [.literal("account"), .literal("tokens"), .parameter("token", id), .literal("revoke")]
        case .stylesheet: [.literal("assets"), .literal("herald.css")]
        case .composerScript: [.literal("assets"), .literal("composer.js")]
        case .icon: [.literal("assets"), .literal("icon.svg")]
        case .faviconICO: [.literal("favicon.ico")]
        case .calendarScript: [.literal("assets"), .literal("calendar.js")]
        case .zoneScript: [.literal("assets"), .literal("zone.js")]
        case .pageScript: [.literal("assets"), .literal("page.js")]
        case .inboxKeys: [.literal("assets"), .literal("inbox-keys.js")]
        case .calendarFeed(let user, let token):
            [.literal("feeds"), .parameter("user", user), .text("file", token.map { $0 + ".ics" })]
        case .calendarFeedReset: [.literal("account"), .literal("calendar-feed")]
        case .clientApproval(let post, let expires, let signature):
            [.literal("approve"), .parameter("post", post), .text("expires", expires.map(String.init)), .text("signature", signature)]
        case .shortLink(let slug): [.literal("l"), .text("slug", slug)]
        case .bio(let slug): [.literal("b"), .text("slug", slug)]
        case .workspace(let id, let page): [.literal("w"), .parameter("workspace", id)] + Self.segments(of: page)
        }
    }

    private static func segments(of page: WorkspacePage) -> [Segment] {
        switch page {
        case .overview: []
        case .today: [.literal("today")]
        case .calendar: [.literal("calendar")]
        case .compose: [.literal("compose")]
        case .postDelete(let id): [.literal("posts"), .parameter("post", id), .literal("delete")]
        case .inbox: [.literal("inbox")]
        case .inboxReply(let id): [.literal("inbox"), .parameter("item", id), .literal("reply")]
        case .inboxPlatform(let id): [.literal("inbox"), .parameter("item", id), .literal("platform")]
        case .inboxStatus(let id): [.literal("inbox"), .parameter("item", id), .literal("status")]
        case .inboxAssign(let id): [.literal("inbox"), .parameter("item", id), .literal("assign")]
        case .inboxWork(let id): [.literal("inbox"), .parameter("item", id), .literal("work")]
        case .inboxBulk: [.literal("inbox"), .literal("bulk")]
        case .departments: [.literal("settings"), .literal("departments")]
        case .departmentMembers(let id): [.literal("settings"), .literal("departments"), .parameter("department", id)]
        case .departmentRemove(let id): [.literal("settings"), .literal("departments"), .parameter("department", id), .literal("remove")]
        case .routing: [.literal("settings"), .literal("routing")]
        case .serviceLevels: [.literal("settings"), .literal("service-levels")]
        case .inboxReport: [.literal("inbox"), .literal("report")]
        case .replyDecision(let id): [.literal("inbox"), .literal("replies"), .parameter("reply", id)]
        case .savedReplies: [.literal("settings"), .literal("saved-replies")]
        case .savedReplyRemove(let id): [.literal("settings"), .literal("saved-replies"), .parameter("saved", id), .literal("remove")]
        case .routingTry: [.literal("settings"), .literal("routing"), .literal("try")]
        case .routingRemove(let id): [.literal("settings"), .literal("routing"), .parameter("rule", id), .literal("remove")]
        case .routingMove(let id): [.literal("settings"), .literal("routing"), .parameter("rule", id), .literal("move")]
        case .routingSwitch(let id): [.literal("settings"), .literal("routing"), .parameter("rule", id), .literal("switch")]
        case .analytics: [.literal("analytics")]
        case .analyticsExport: [.literal("analytics"), .literal("export")]
        case .reports: [.literal("reports")]
        case .reportSettings: [.literal("reports"), .literal("settings")]
        case .report: [.literal("reports"), .literal("view")]
        case .links: [.literal("links")]
        case .linkShortening: [.literal("links"), .literal("shortening")]
        case .bioLinks: [.literal("links"), .literal("bio")]
        case .bioLinkRemove(let id): [.literal("links"), .literal("bio"), .parameter("link", id), .literal("remove")]
        case .library: [.literal("library")]
        case .settings: [.literal("settings")]
        case .members: [.literal("settings"), .literal("members")]
        case .memberRole(let id): [.literal("settings"), .literal("members"), .parameter("user", id), .literal("role")]
        case .memberRemove(let id): [.literal("settings"), .literal("members"), .parameter("user", id), .literal("remove")]
        case .memberPasswordLink(let id): [.literal("settings"), .literal("members"), .parameter("user", id), .literal("password-link")]
        case .channels: [.literal("settings"), .literal("channels")]
        case .channelConnect(let platform): [.literal("settings"), .literal("channels"), .literal("connect"), .text("platform", platform)]
        case .channelOAuth(let platform):
            [.literal("settings"), .literal("channels"), .literal("connect"), .text("platform", platform), .literal("oauth")]
        case .channelRemove(let id): [.literal("settings"), .literal("channels"), .parameter("channel", id), .literal("remove")]
        case .channelUpdate(let id): [.literal("settings"), .literal("channels"), .parameter("channel", id)]
        case .channelReconnect(let id): [.literal("settings"), .literal("channels"), .parameter("channel", id), .literal("reconnect")]
        case .channelCheck(let id): [.literal("settings"), .literal("channels"), .parameter("channel", id), .literal("check")]
        case .publicationRetry(let post, let publication):
            [.literal("posts"), .parameter("post", post), .literal("publications"), .parameter("publication", publication), .literal("retry")]
        case .publicationEdit(let post, let publication):
            [.literal("posts"), .parameter("post", post), .literal("publications"), .parameter("publication", publication), .literal("edit")]
        case .publicationRemove(let post, let publication):
            [.literal("posts"), .parameter("post", post), .literal("publications"), .parameter("publication", publication), .literal("remove")]
        case .publicationResolve(let post, let publication):
            [.literal("posts"), .parameter("post", post), .literal("publications"), .parameter("publication", publication), .literal("resolve")]
        case .postDuplicate(let id): [.literal("posts"), .parameter("post", id), .literal("duplicate")]
        case .noticeDismiss(let id): [.literal("notifications"), .parameter("notice", id), .literal("dismiss")]
        case .webhook: [.literal("settings"), .literal("webhook")]
        case .webhookRemove: [.literal("settings"), .literal("webhook"), .literal("remove")]
        case .voice: [.literal("settings"), .literal("voice")]
        case .hashtagGroups: [.literal("settings"), .literal("hashtags")]
        case .hashtagGroupDelete(let id): [.literal("settings"), .literal("hashtags"), .parameter("group", id), .literal("delete")]
        case .schedule(let id): [.literal("posts"), .parameter("post", id), .literal("schedule")]
        case .queue(let id): [.literal("posts"), .parameter("post", id), .literal("queue")]
        case .unschedule(let id): [.literal("posts"), .parameter("post", id), .literal("unschedule")]
        case .workflow(let id, let action): [.literal("posts"), .parameter("post", id), .text("action", action)]
        case .approvalLink(let id): [.literal("posts"), .parameter("post", id), .literal("approval-link")]
        case .approvalLinkRevoke(let id): [.literal("posts"), .parameter("post", id), .literal("approval-link"), .literal("revoke")]
        case .slots(let id): [.literal("settings"), .literal("channels"), .parameter("channel", id), .literal("slots")]
        case .campaigns: [.literal("campaigns")]
        case .notifications: [.literal("notifications")]
        case .importPosts: [.literal("import")]
        case .media(let id): [.literal("library"), .parameter("media", id)]
        case .mediaDelete(let id): [.literal("library"), .parameter("media", id), .literal("delete")]
        case .mediaFile(let id): [.literal("library"), .parameter("media", id), .literal("file")]
        case .campaign(let id): [.literal("campaigns"), .parameter("campaign", id)]
        case .campaignDelete(let id): [.literal("campaigns"), .parameter("campaign", id), .literal("delete")]
        case .composeCheck: [.literal("compose"), .literal("check")]
        case .post(let id): [.literal("posts"), .parameter("post", id)]
        case .export: [.literal("settings"), .literal("export")]
        case .exportDownload: [.literal("settings"), .literal("export"), .literal("download")]
        }
    }

    /// The path to link to.
    /// (Written into one string: a calendar page links to hundreds of posts.)
    var path: String {
        let segments = segments
        guard !segments.isEmpty else { return "/" }
        var path = ""
        path.reserveCapacity(segments.count * 40)
        for segment in segments {
            path += "/"
            switch segment {
            case .literal(let text): path += text
            case .parameter(let name, let id): path += id?.text ?? ":\(name)"
            case .text(let name, let value): path += value ?? ":\(name)"
            }
        }
        return path
    }

    /// The pattern to register.
    var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .literal(let text): .constant(text)
            case .parameter(let name, _), .text(let name, _): .parameter(name)
            }
        }
    }
}
