import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite("Frame rows")
struct FrameRowsTests {
    @Test("every column of the four models every request reads is in its plain read")
    func columns() {
        func keys<M: FrameRow>(_ model: M.Type) -> Set<String> { Set(M.keys.map(\.description)) }
        #expect(Set(User.frameColumns) == keys(User.self))
        #expect(Set(UserSession.frameColumns) == keys(UserSession.self))
        #expect(Set(APIToken.frameColumns) == keys(APIToken.self))
        #expect(Set(Workspace.frameColumns) == keys(Workspace.self))
        #expect(Set(Campaign.frameColumns) == keys(Campaign.self))
    }

    @Test("a plain read gives the model Fluent fetches, and saving it writes what changed")
    func sameModels() async throws {
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        var failure: (any Error)?
        do { try await Self.check(JobQueueTests.db(pool)) } catch { failure = error }
        await pool.shutdownAsync()
        await database.destroy()
        if let failure { throw failure }
    }

    static func json(_ model: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(model), as: UTF8.self)
    }

    static func check(_ db: any Database) async throws {
        let organization = Organization(name: "Агентство")
        try await organization.create(on: db)
        let user = User(organizationID: try organization.requireID(), email: try #require(EmailAddress("a@example.com")), name: "Анна",
                        passwordHash: "hash", organizationRole: .owner, language: .ru)
        user.calendarFeedVersion = 3
        try await user.create(on: db)
        let workspace = Workspace(organizationID: try organization.requireID(), name: "Бренд", timeZone: .utc, language: .ru)
        // Every optional column holds a value, so a property left unread shows as a difference.
        workspace.brandVoiceJSON = "{}"; workspace.adLabelTemplate = "Реклама"; workspace.webhookURL = "https://example.com/h"
        workspace.sealedWebhookSecret = Data([1, 2, 3]); workspace.approvalRequiredFlag = true; workspace.russianAdLabelsFlag = false
        workspace.replyApprovalFlag = true; workspace.businessHoursJSON = "{}"; workspace.serviceTargetsJSON = "{}"
        workspace.shortLinkBase = "https://s.example"; workspace.bioSlug = "brand"; workspace.monthlyReportsFlag = true
        try await workspace.create(on: db)
        try await Membership(workspaceID: try workspace.requireID(), userID: try user.requireID(), role: .editor).create(on: db)
        let now = Date()
        let session = UserSession(tokenHash: "session-hash", userID: try user.requireID(), expiresAt: now.addingTimeInterval(3600),
                                  now: now.addingTimeInterval(-7200), userAgent: "test")
        try await session.create(on: db)
        let token = APIToken(userID: try user.requireID(), name: "ci", tokenHash: "token-hash", prefix: "hld_ab")
        token.lastUsedAt = now
        try await token.create(on: db)

        let (readSession, sessionUser) = try #require(try await FrameRows.session(tokenHash: "session-hash", now: now, on: db).get())
        let fetchedUser = try #require(try await User.find(user.id, on: db))
        let fetchedSession = try #require(try await UserSession.find(session.id, on: db))
        fetchedSession.$user.value = fetchedUser  // as the plain read sets it
        #expect(try json(readSession) == json(fetchedSession))
        #expect(try json(sessionUser) == json(fetchedUser))
        #expect(readSession.user.id == user.id, "the session's user is set")
        let (readToken, tokenUser) = try #require(try await FrameRows.token(tokenHash: "token-hash", on: db).get())
        let fetchedToken = try #require(try await APIToken.find(token.id, on: db))
        fetchedToken.$user.value = fetchedUser
        #expect(try json(readToken) == json(fetchedToken))
        #expect(tokenUser.id == user.id)
        let (readWorkspace, role) = try #require(try await TenancyQueries.access(userID: try user.requireID(),
                                                                              workspaceID: try workspace.requireID(), on: db))
        #expect(try json(readWorkspace) == json(try #require(try await Workspace.find(workspace.id, on: db))))
        #expect(role == .editor)
        for name in ["Весна", "Autumn"] {
            let campaign = Campaign(workspaceID: try workspace.requireID())
            campaign.name = name; campaign.startsOn = "2026-03-01"; campaign.endsOn = "2026-05-31"
            campaign.utmSource = "herald"; campaign.utmMedium = "social"; campaign.utmCampaign = "spring"
            try await campaign.create(on: db)
        }
        let fetchedCampaigns = try await Campaign.query(on: db).sort(\.$name).all()
        let readCampaigns = try await FrameRows.campaigns(workspaceID: try workspace.requireID(), on: db)
        #expect(try readCampaigns.map(json) == fetchedCampaigns.map(json) && readCampaigns.count == 2)
        #expect(try await FrameRows.campaigns(workspaceID: UUID(), on: db).isEmpty)

        // Saved after a change, the model updates its row (it is known to exist) and nothing else.
        readSession.lastSeenAt = now
        try await readSession.save(on: db)
        #expect(try await UserSession.query(on: db).count() == 1)
        let saved = try #require(try await UserSession.find(session.id, on: db))
        #expect(abs(saved.lastSeenAt.timeIntervalSince(now)) < 0.01 && saved.userAgent == "test")

        // What each read refuses.
        #expect(try await FrameRows.session(tokenHash: "session-hash", now: now.addingTimeInterval(7200), on: db).get() == nil)
        #expect(try await FrameRows.session(tokenHash: "other", now: now, on: db).get() == nil)
        token.revokedAt = now
        try await token.save(on: db)
        #expect(try await FrameRows.token(tokenHash: "token-hash", on: db).get() == nil)
        #expect(try await TenancyQueries.access(userID: UUID(), workspaceID: try workspace.requireID(), on: db) == nil)
    }
}
