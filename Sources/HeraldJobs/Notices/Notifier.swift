import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import SQLKit

/// Who hears about what by e-mail, and in which words. Each event goes to the people it concerns
/// — never to the one who caused it — in their own language, unless they switched that kind off.
public struct Notifier: Sendable {
    public enum Event: String, CaseIterable, Sendable {
        /// A post was sent for approval: the workspace's owners, administrators and approvers.
        case approvalRequested = "approval_requested"
        /// Changes were asked for: the post's author.
        case changesRequested = "changes_requested"
        /// The post was approved: its author.
        case approved
        /// A publication failed for good, or its outcome needs a person: the author, owners and administrators.
        case publicationProblem = "publication_problem"
        /// A channel's access expires soon and cannot be renewed, or has expired: owners and administrators.
        case channelAccess = "channel_access"
        /// A monthly report for the client is ready: owners, administrators and approvers (the client).
        case reportReady = "report_ready"
        /// An editor's answer from the inbox waits for approval: owners, administrators and approvers.
        case replyApproval = "reply_approval"
        /// Every morning in the workspace's zone, what waits for each member (only when something does).
        case dailyDigest = "daily_digest"

        public var label: L {
            switch self {
            case .approvalRequested: .notifyApprovalRequested
            case .changesRequested: .notifyChangesRequested
            case .approved: .notifyApproved
            case .publicationProblem: .notifyPublicationProblem
            case .channelAccess: .notifyChannelAccess
            case .reportReady: .notifyReportReady
            case .replyApproval: .notifyReplyApproval
            case .dailyDigest: .notifyDailyDigest
            }
        }
    }

    /// Herald's public address, for the links in each e-mail.
    public var baseURL: String
    /// Whether e-mail goes out (a mail server is set up).
    public var email: Bool
    /// Whether notices go to linked Telegram chats (the installation has a bot).
    public var telegram: Bool

    public init(baseURL: String, email: Bool = true, telegram: Bool = false) {
        self.baseURL = baseURL
        self.email = email
        self.telegram = telegram
    }

    /// A workflow step, within its transaction: submit, approve, request changes (comments alone tell no one).
    public func workflow(action: PostWorkflow.Action, post: Post, workspace: Workspace, actorID: UUID?, actorName: String, comment: String?,
                         now: Date = Date(), on database: any Database) async throws {
        let event: Event
        switch action {
        case .submit: event = .approvalRequested
        case .approve: event = .approved
        case .requestChanges: event = .changesRequested
        case .comment: return
        }
        let workspaceID = try workspace.requireID(), postID = try post.requireID()
        let people: [User]
        if event == .approvalRequested {
            people = try await members(of: workspaceID, roles: [.owner, .admin, .approver], on: database)
        } else {
            people = try await author(of: post, on: database).map { [$0] } ?? []
        }
        let link = postLink(workspaceID: workspaceID, postID: postID)
        let excerpt = Post.excerpt(of: post.text, length: 280)
        for person in try await wanting(event, people.filter { $0.id != actorID }, on: database) {
            let language = Self.language(of: person.user, workspace: workspace)
            let subject: LocalizedText, body: LocalizedText
            switch event {
            case .approvalRequested:
                subject = LocalizedText(.mailApprovalSubject, workspace.name, Post.excerpt(of: post.text))
                body = LocalizedText(.mailApprovalBody, actorName, workspace.name, excerpt, link)
            case .changesRequested:
                subject = LocalizedText(.mailChangesSubject, workspace.name, Post.excerpt(of: post.text))
                body = LocalizedText(.mailChangesBody, actorName, workspace.name, excerpt, comment ?? "", link)
            default:
                subject = LocalizedText(.mailApprovedSubject, workspace.name, Post.excerpt(of: post.text))
                body = LocalizedText(.mailApprovedBody, actorName, workspace.name, excerpt, link)
            }
            try await send(to: person, subject: subject, body: body, language: language,
                           // Each step is its own event (a post may be sent for approval twice in a second).
                           key: "\(event.rawValue):\(postID.text.lowercased()):\(UUID().text.lowercased()):\(try person.user.requireID())",
                           now: now, on: database)
        }
    }

    /// Posts sent for approval together (a CSV import): one post is told as `workflow(.submit)`,
    /// several in one message listing the first few, linking to the Today page where they wait.
    public func submitted(_ posts: [Post], workspace: Workspace, actorID: UUID?, actorName: String, now: Date = Date(),
                          on database: any Database) async throws {
        guard posts.count > 1 else {
            if let post = posts.first {
                try await workflow(action: .submit, post: post, workspace: workspace, actorID: actorID, actorName: actorName, comment: nil,
                                   now: now, on: database)
            }
            return
        }
        let workspaceID = try workspace.requireID()
        let link = baseURL + PagePaths.today(workspaceID)
        let list = posts.prefix(5).map { "• " + Post.excerpt(of: $0.text, length: 120) }.joined(separator: "\n")
            + (posts.count > 5 ? "\n…" : "")
        let people = try await members(of: workspaceID, roles: [.owner, .admin, .approver], on: database).filter { $0.id != actorID }
        let batch = UUID().text.lowercased()
        for person in try await wanting(.approvalRequested, people, on: database) {
            let language = Self.language(of: person.user, workspace: workspace)
            try await send(to: person, subject: LocalizedText(.mailApprovalManySubject, workspace.name, String(posts.count)),
                           body: LocalizedText(.mailApprovalManyBody, actorName, String(posts.count), workspace.name, list, link),
                           language: language, key: "\(Event.approvalRequested.rawValue):import:\(batch):\(try person.user.requireID())",
                           now: now, on: database)
        }
    }

    /// A publication that failed for good or waits for a person, within the outcome's transaction.
    public func publicationProblem(publicationID: UUID, postID: UUID, workspace: Workspace, channelName: String, reason: [LocalizedText],
                                   now: Date = Date(), on database: any Database) async throws {
        let workspaceID = try workspace.requireID()
        guard let post = try await Post.find(postID, on: database) else { return }
        var people = try await members(of: workspaceID, roles: [.owner, .admin], on: database)
        if let author = try await author(of: post, on: database), !people.contains(where: { $0.id == author.id }) {
            people.append(author)
        }
        let link = postLink(workspaceID: workspaceID, postID: postID)
        for person in try await wanting(.publicationProblem, people, on: database) {
            let language = Self.language(of: person.user, workspace: workspace)
            try await send(to: person, subject: LocalizedText(.mailProblemSubject, channelName, Post.excerpt(of: post.text)),
                           body: LocalizedText(.mailProblemBody, workspace.name, channelName, reason.map { $0.rendered(in: language) }.joined(separator: " "),
                                               Post.excerpt(of: post.text, length: 280), link),
                           language: language, key: "\(Event.publicationProblem.rawValue):\(publicationID.text.lowercased()):\(try person.user.requireID())",
                           now: now, on: database)
        }
    }

    /// A channel whose access expires soon (and cannot be renewed) or has expired, once per finding.
    public func channelAccess(channel: SocialChannel, expired: Bool, day: String, now: Date = Date(), on database: any Database) async throws {
        guard let workspace = try await Workspace.find(channel.$workspace.id, on: database), let channelID = channel.id else { return }
        let workspaceID = try workspace.requireID()
        let link = baseURL + PagePaths.channels(workspaceID)
        let people = try await members(of: workspaceID, roles: [.owner, .admin], on: database)
        for person in try await wanting(.channelAccess, people, on: database) {
            let language = Self.language(of: person.user, workspace: workspace)
            let platform = channel.platform?.displayName ?? channel.platformName
            try await send(to: person, subject: LocalizedText(.mailChannelSubject, channel.name, workspace.name),
                           body: LocalizedText(expired ? .mailChannelExpired : .mailChannelExpiring, channel.name, platform, day, link),
                           language: language,
                           key: "\(Event.channelAccess.rawValue):\(channelID.text.lowercased()):\(expired):\(day):\(try person.user.requireID())",
                           now: now, on: database)
        }
    }

    /// A monthly report made for a workspace, within the transaction that adds it.
    public func reportReady(workspace: Workspace, first: String, last: String, now: Date = Date(), on database: any Database) async throws {
        let workspaceID = try workspace.requireID()
        let link = baseURL + PagePaths.report(workspaceID, from: first, to: last)
        let people = try await members(of: workspaceID, roles: [.owner, .admin, .approver], on: database)
        for person in try await wanting(.reportReady, people, on: database) {
            let language = Self.language(of: person.user, workspace: workspace)
            try await send(to: person, subject: LocalizedText(.mailReportSubject, workspace.name, first, last),
                           body: LocalizedText(.mailReportBody, workspace.name, first, last, link), language: language,
                           key: "\(Event.reportReady.rawValue):\(workspaceID.text.lowercased()):\(first):\(try person.user.requireID())",
                           now: now, on: database)
        }
    }

    /// An editor's answer that waits for approval, within the transaction that saves it.
    public func replyWaiting(_ reply: InboxReply, item: InboxItem, channelName: String, workspace: Workspace, actorID: UUID?,
                             actorName: String, now: Date = Date(), on database: any Database) async throws {
        let workspaceID = try workspace.requireID(), replyID = try reply.requireID()
        let link = baseURL + PagePaths.inboxItem(workspaceID, try item.requireID())
        let people = try await members(of: workspaceID, roles: Set(Role.allCases.filter { $0.allows(.approvePosts) }), on: database)
            .filter { $0.id != actorID }
        for person in try await wanting(.replyApproval, people, on: database) {
            let language = Self.language(of: person.user, workspace: workspace)
            try await send(to: person, subject: LocalizedText(.mailReplySubject, workspace.name, item.authorName),
                           body: LocalizedText(.mailReplyBody, actorName, item.authorName, channelName, workspace.name,
                                               Post.excerpt(of: reply.text, length: 1000), link),
                           language: language, key: "\(Event.replyApproval.rawValue):\(replyID.text.lowercased()):\(try person.user.requireID())",
                           now: now, on: database)
        }
    }

    /// `reportReady` as `ClientReports.makeMonthly` calls it.
    public func reportAnnouncer(now: Date) -> @Sendable (Workspace, String, String, any Database) async throws -> Void {
        let notifier = self
        return { workspace, first, last, tx in try await notifier.reportReady(workspace: workspace, first: first, last: last, now: now, on: tx) }
    }

    func send(to person: Recipient, subject: LocalizedText, body: LocalizedText, language: Language, key: String, now: Date,
                      on database: any Database) async throws {
        if person.email, MailMessage.isAddress(person.user.email) {
            let text = body.rendered(in: language) + "\n\n" + LocalizedText(.mailFooter, baseURL + PagePaths.account).rendered(in: language)
            try await Mailer.enqueue(MailMessage(from: "", to: person.user.email, subject: subject.rendered(in: language), text: text),
                                     key: key, now: now, on: database)
        }
        if let chat = person.telegramChat {
            try await TelegramNotices.enqueue(chatID: chat, text: subject.rendered(in: language) + "\n\n" + body.rendered(in: language),
                                              key: key, now: now, on: database)
        }
    }

    /// A person and the ways they are told.
    struct Recipient {
        var user: User
        var email: Bool
        var telegramChat: Int64?
    }

    private func author(of post: Post, on database: any Database) async throws -> User? {
        guard let id = post.$author.id else { return nil }
        return try await User.find(id, on: database)
    }

    private func postLink(workspaceID: UUID, postID: UUID) -> String {
        baseURL + PagePaths.post(workspaceID, postID)
    }

    func members(of workspaceID: UUID, roles: Set<Role>, on database: any Database) async throws -> [User] {
        try await TenancyQueries.members(of: workspaceID, on: database).filter { roles.contains($0.role) }.map(\.user)
    }

    /// Those of `people` told of `event` one way or another, with how.
    func wanting(_ event: Event, _ people: [User], on database: any Database) async throws -> [Recipient] {
        let ids = people.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let emailOff = email ? Set(try await NotificationPreferences.switchedOff(event.rawValue, users: ids, channel: .email, on: database)) : Set(ids)
        let telegramOff = telegram ? Set(try await NotificationPreferences.switchedOff(event.rawValue, users: ids, channel: .telegram, on: database))
            : Set(ids)
        var result: [Recipient] = []
        for person in people {
            guard let id = person.id else { continue }
            let chat = telegramOff.contains(id) ? nil : try await TelegramNotices.chat(of: id, on: database)
            let recipient = Recipient(user: person, email: !emailOff.contains(id), telegramChat: chat)
            if recipient.email || recipient.telegramChat != nil { result.append(recipient) }
        }
        return result
    }

    static func language(of person: User, workspace: Workspace) -> Language {
        person.language.flatMap(Language.init(rawValue:)) ?? Language(rawValue: workspace.language) ?? .en
    }
}

/// Each person's switches (see M0037, M0040): a row only once they changed one; NULL or no row: on.
public enum NotificationPreferences {
    public enum Channel: String, Sendable { case email, telegram }

    public static func switchedOff(_ event: String, users: [UUID], channel: Channel, on database: any Database) async throws -> [UUID] {
        guard let sql = database as? any SQLDatabase, !users.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT user_id FROM notification_preferences WHERE event = \(bind: event) AND \(ident: channel.rawValue) = \(bind: false)
              AND user_id IN (\(binds: users))
            """).all().map { try $0.decode(column: "user_id", as: UUID.self) }
    }

    /// The kinds `user` is told of, by e-mail and by Telegram.
    public static func enabled(user: UUID, on database: any Database) async throws -> (email: Set<String>, telegram: Set<String>) {
        guard let sql = database as? any SQLDatabase else { return ([], []) }
        let all = Set(Notifier.Event.allCases.map(\.rawValue))
        var email = all, telegram = all
        for row in try await sql.raw("SELECT event, email, telegram FROM notification_preferences WHERE user_id = \(bind: user)").all() {
            let event = try row.decode(column: "event", as: String.self)
            if try row.decode(column: "email", as: Bool.self) == false { email.remove(event) }
            if try row.decode(column: "telegram", as: Bool?.self) == false { telegram.remove(event) }
        }
        return (email, telegram)
    }

    /// Sets every kind for both ways: on for those in the sets, off for the rest.
    public static func set(user: UUID, email: Set<String>, telegram: Set<String>, on database: any Database) async throws {
        try await database.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            try await sql.raw("DELETE FROM notification_preferences WHERE user_id = \(bind: user)").run()
            for event in Notifier.Event.allCases {
                try await sql.raw("""
                    INSERT INTO notification_preferences (user_id, event, email, telegram)
                    VALUES (\(bind: user), \(bind: event.rawValue), \(bind: email.contains(event.rawValue)), \(bind: telegram.contains(event.rawValue)))
                    """).run()
            }
        }
    }
}
