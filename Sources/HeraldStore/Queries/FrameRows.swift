import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// A model Herald reads on every request (the signed-in user, their session or API token, the
/// workspace), filled from a plain joined row instead of Fluent's query builder.
///
/// Fluent builds each query's SQL and reads each model's properties through `Mirror`, several
/// times per query and per row; for the four models every request reads, that was a tenth of a
/// calendar page's CPU and more of an API call's. Here the SQL is a constant string and each
/// property reads its own column, so the model is what Fluent would have fetched (its values are
/// the fetched ones, `save` writes only what is then changed). `FrameRowsTests` holds the column
/// lists to the models' fields, so a new field cannot be forgotten.
public protocol FrameRow: Model {
    /// Every database column of the model.
    static var frameColumns: [String] { get }
    /// Each property read from `output`.
    func read(_ output: any DatabaseOutput) throws
}

extension FrameRow {
    /// `alias.column AS alias_column`, for every column.
    static func selectList(_ alias: String) -> String {
        frameColumns.map { "\(alias).\($0) AS \(alias)_\($0)" }.joined(separator: ", ")
    }

    /// The model from the columns `selectList(alias)` named in `row`.
    static func from(_ row: any SQLRow, alias: String) throws -> Self {
        let model = Self()
        try model.read(PrefixedOutput(row: row, prefix: alias + "_"))
        return model
    }
}

/// A row's columns that start with `prefix`, as Fluent asks for them by key.
struct PrefixedOutput: DatabaseOutput {
    let row: any SQLRow
    let prefix: String

    var description: String { "columns \(prefix)… of a joined row" }
    func schema(_ schema: String) -> any DatabaseOutput { self }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: prefix + key.description) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: prefix + key.description) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
        try row.decode(column: prefix + key.description, as: T.self)
    }
}

extension User: FrameRow {
    public static let frameColumns = ["id", "organization_id", "email", "name", "password_hash", "organization_role", "language",
                                      "calendar_feed_version", "created_at"]
    public func read(_ output: any DatabaseOutput) throws {
        try $id.output(from: output)
        try $organization.output(from: output)
        try $email.output(from: output)
        try $name.output(from: output)
        try $passwordHash.output(from: output)
        try $organizationRole.output(from: output)
        try $language.output(from: output)
        try $calendarFeedVersion.output(from: output)
        try $createdAt.output(from: output)
    }
}

extension UserSession: FrameRow {
    public static let frameColumns = ["id", "token_hash", "user_id", "expires_at", "last_seen_at", "user_agent", "created_at"]
    public func read(_ output: any DatabaseOutput) throws {
        try $id.output(from: output)
        try $tokenHash.output(from: output)
        try $user.output(from: output)
        try $expiresAt.output(from: output)
        try $lastSeenAt.output(from: output)
        try $userAgent.output(from: output)
        try $createdAt.output(from: output)
    }
}

extension APIToken: FrameRow {
    public static let frameColumns = ["id", "user_id", "name", "token_hash", "prefix", "last_used_at", "revoked_at", "created_at"]
    public func read(_ output: any DatabaseOutput) throws {
        try $id.output(from: output)
        try $user.output(from: output)
        try $name.output(from: output)
        try $tokenHash.output(from: output)
        try $prefix.output(from: output)
        try $lastUsedAt.output(from: output)
        try $revokedAt.output(from: output)
        try $createdAt.output(from: output)
    }
}

extension Workspace: FrameRow {
    public static let frameColumns = ["id", "organization_id", "name", "time_zone", "language", "brand_voice", "ad_label_template",
                                      "webhook_url", "webhook_secret", "approval_required", "russian_ad_labels", "reply_approval",
                                      "business_hours", "service_targets", "short_link_base", "bio_slug", "monthly_reports",
                                      "created_at", "updated_at"]
    public func read(_ output: any DatabaseOutput) throws {
        try $id.output(from: output)
        try $organization.output(from: output)
        try $name.output(from: output)
        try $timeZone.output(from: output)
        try $language.output(from: output)
        try $brandVoiceJSON.output(from: output)
        try $adLabelTemplate.output(from: output)
        try $webhookURL.output(from: output)
        try $sealedWebhookSecret.output(from: output)
        try $approvalRequiredFlag.output(from: output)
        try $russianAdLabelsFlag.output(from: output)
        try $replyApprovalFlag.output(from: output)
        try $businessHoursJSON.output(from: output)
        try $serviceTargetsJSON.output(from: output)
        try $shortLinkBase.output(from: output)
        try $bioSlug.output(from: output)
        try $monthlyReportsFlag.output(from: output)
        try $createdAt.output(from: output)
        try $updatedAt.output(from: output)
    }
}

extension Campaign: FrameRow {
    public static let frameColumns = ["id", "workspace_id", "name", "theme", "colour", "starts_on", "ends_on", "goal",
                                      "default_hashtags", "utm_source", "utm_medium", "utm_campaign", "created_at"]
    public func read(_ output: any DatabaseOutput) throws {
        try $id.output(from: output)
        try $workspace.output(from: output)
        try $name.output(from: output)
        try $theme.output(from: output)
        try $colour.output(from: output)
        try $startsOn.output(from: output)
        try $endsOn.output(from: output)
        try $goal.output(from: output)
        try $defaultHashtags.output(from: output)
        try $utmSource.output(from: output)
        try $utmMedium.output(from: output)
        try $utmCampaign.output(from: output)
        try $createdAt.output(from: output)
    }
}

/// The three reads of a request's frame, each one joined statement.
public enum FrameRows {
    private static let sessionColumns = UserSession.selectList("s") + ", " + User.selectList("u")
    private static let tokenColumns = APIToken.selectList("t") + ", " + User.selectList("u")
    private static let workspaceColumns = Workspace.selectList("w")
    private static let campaignColumns = Campaign.selectList("c")

    /// The live session with this token hash and its user (the session's `user` is set).
    public static func session(tokenHash: String, now: Date, on database: any Database) -> EventLoopFuture<(UserSession, User)?> {
        guard let sql = database as? any SQLDatabase else { return database.eventLoop.makeFailedFuture(JobStoreError.notSQL) }
        return sql.raw("""
            SELECT \(unsafeRaw: sessionColumns) FROM user_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: now)
            """).first().flatMapThrowing { row in
            try row.map { row in
                let (session, user) = (try UserSession.from(row, alias: "s"), try User.from(row, alias: "u"))
                session.$user.value = user
                return (session, user)
            }
        }
    }

    /// The unrevoked API token with this hash and its user (the token's `user` is set).
    public static func token(tokenHash: String, on database: any Database) -> EventLoopFuture<(APIToken, User)?> {
        guard let sql = database as? any SQLDatabase else { return database.eventLoop.makeFailedFuture(JobStoreError.notSQL) }
        return sql.raw("""
            SELECT \(unsafeRaw: tokenColumns) FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: tokenHash) AND t.revoked_at IS NULL
            """).first().flatMapThrowing { row in
            try row.map { row in
                let (token, user) = (try APIToken.from(row, alias: "t"), try User.from(row, alias: "u"))
                token.$user.value = user
                return (token, user)
            }
        }
    }

    /// The user's role in the workspace with the workspace, or nil when they are not a member.
    public static func access(userID: UUID, workspaceID: UUID, on database: any Database) async throws -> (Workspace, Role)? {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard let row = try await sql.raw("""
            SELECT m.role AS m_role, \(unsafeRaw: workspaceColumns) FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
            WHERE m.user_id = \(bind: userID) AND m.workspace_id = \(bind: workspaceID)
            """).first() else { return nil }
        return (try Workspace.from(row, alias: "w"), Role(rawValue: try row.decode(column: "m_role", as: String.self)) ?? .viewer)
    }

    /// The workspace's campaigns by name (the calendar names its entries' campaigns and offers
    /// them as a filter on every view).
    public static func campaigns(workspaceID: UUID, on database: any Database) async throws -> [Campaign] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        return try await sql.raw("""
            SELECT \(unsafeRaw: campaignColumns) FROM campaigns c WHERE c.workspace_id = \(bind: workspaceID) ORDER BY c.name
            """).all().map { try Campaign.from($0, alias: "c") }
    }
}
