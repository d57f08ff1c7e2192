import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// A model Herald reads on every request (the signed-in user, their session or API token, the
/// workspace, the calendar's campaigns), filled from a plain joined row instead of Fluent's query
/// builder.
///
/// Fluent builds each query's SQL and reads each model's properties through `Mirror`, several
/// times per query and per row; for the models every request reads, that was a tenth of a
/// calendar page's CPU and more of an API call's. Here the SQL is a constant string and each
/// property listed in `frameProperties` reads its own column with Fluent's own `output(from:)`,
/// so the model is what Fluent would have fetched (its values are the fetched ones, `save` writes
/// only what is then changed). The columns are those properties' keys; `FrameRowsTests` holds the
/// list to the model's fields, so a new field cannot be forgotten.
public protocol FrameRow: Model {
    /// Every property that holds columns, by its projected value (`\.$name`). (Key paths are
    /// immutable; the lists are `nonisolated(unsafe)` only because `PartialKeyPath` is not `Sendable`.)
    static var frameProperties: [PartialKeyPath<Self>] { get }
}

extension FrameRow {
    /// The columns `frameProperties` read, in order.
    public static var frameColumns: [String] {
        let prototype = Self()
        return frameProperties.flatMap { prototype.property($0).keys.map(\.description) }
    }

    /// `alias.column AS alias_column`, for every column.
    static func selectList(_ alias: String) -> String {
        frameColumns.map { "\(alias).\($0) AS \(alias)_\($0)" }.joined(separator: ", ")
    }

    /// The model from the columns `selectList(alias)` named in `row`.
    static func from(_ row: any SQLRow, alias: String) throws -> Self {
        let model = Self(), output = PrefixedOutput(row: row, prefix: alias + "_")
        for path in frameProperties { try model.property(path).output(from: output) }
        return model
    }

    private func property(_ path: PartialKeyPath<Self>) -> any AnyDatabaseProperty {
        guard let property = self[keyPath: path] as? any AnyDatabaseProperty else {
            preconditionFailure("\(Self.self).frameProperties names \(path), which is not a database property")
        }
        return property
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
    nonisolated(unsafe) public static let frameProperties: [PartialKeyPath<User>] = [
        \.$id, \.$organization, \.$email, \.$name, \.$passwordHash, \.$organizationRole, \.$language, \.$calendarFeedVersion,
        \.$createdAt]
}

extension UserSession: FrameRow {
    nonisolated(unsafe) public static let frameProperties: [PartialKeyPath<UserSession>] = [
        \.$id, \.$tokenHash, \.$user, \.$expiresAt, \.$lastSeenAt, \.$userAgent, \.$createdAt]
}

extension APIToken: FrameRow {
    nonisolated(unsafe) public static let frameProperties: [PartialKeyPath<APIToken>] = [
        \.$id, \.$user, \.$name, \.$tokenHash, \.$prefix, \.$lastUsedAt, \.$revokedAt, \.$createdAt]
}

extension Workspace: FrameRow {
    nonisolated(unsafe) public static let frameProperties: [PartialKeyPath<Workspace>] = [
        \.$id, \.$organization, \.$name, \.$timeZone, \.$language, \.$brandVoiceJSON, \.$adLabelTemplate, \.$webhookURL,
        \.$sealedWebhookSecret, \.$approvalRequiredFlag, \.$russianAdLabelsFlag, \.$replyApprovalFlag, \.$businessHoursJSON,
        \.$serviceTargetsJSON, \.$shortLinkBase, \.$bioSlug, \.$monthlyReportsFlag, \.$createdAt, \.$updatedAt]
}

extension Campaign: FrameRow {
    nonisolated(unsafe) public static let frameProperties: [PartialKeyPath<Campaign>] = [
        \.$id, \.$workspace, \.$name, \.$theme, \.$colour, \.$startsOn, \.$endsOn, \.$goal, \.$defaultHashtags, \.$utmSource,
        \.$utmMedium, \.$utmCampaign, \.$createdAt]
}

/// The reads of a request's frame (session or token with its user) and the calendar's campaigns, each one statement.
public enum FrameRows {
    private static let sessionColumns = UserSession.selectList("s") + ", " + User.selectList("u")
    private static let tokenColumns = APIToken.selectList("t") + ", " + User.selectList("u")
    private static let campaignColumns = Campaign.selectList("c")
    // Every request runs one of these: prepared once per connection on PostgreSQL (`PreparedOnPostgres`).
    private enum SessionStatement: PreparedOnPostgres.Name { static let name = "session" }
    private enum TokenStatement: PreparedOnPostgres.Name { static let name = "token" }
    private enum CampaignsStatement: PreparedOnPostgres.Name { static let name = "campaigns" }

    /// The live session with this token hash and its user (the session's `user` is set).
    public static func session(tokenHash: String, now: Date, on database: any Database) -> EventLoopFuture<(UserSession, User)?> {
        let statement: SQLQueryString = """
            SELECT \(unsafeRaw: sessionColumns) FROM user_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: now)
            """
        return PreparedOnPostgres.first(statement, as: SessionStatement.self, on: database).flatMapThrowing { row in
            try row.map { row in
                let (session, user) = (try UserSession.from(row, alias: "s"), try User.from(row, alias: "u"))
                session.$user.value = user
                return (session, user)
            }
        }
    }

    /// The unrevoked API token with this hash and its user (the token's `user` is set).
    public static func token(tokenHash: String, on database: any Database) -> EventLoopFuture<(APIToken, User)?> {
        let statement: SQLQueryString = """
            SELECT \(unsafeRaw: tokenColumns) FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: tokenHash) AND t.revoked_at IS NULL
            """
        return PreparedOnPostgres.first(statement, as: TokenStatement.self, on: database).flatMapThrowing { row in
            try row.map { row in
                let (token, user) = (try APIToken.from(row, alias: "t"), try User.from(row, alias: "u"))
                token.$user.value = user
                return (token, user)
            }
        }
    }

    /// The workspace's campaigns by name (the calendar names its entries' campaigns and offers
    /// them as a filter on every view), prepared once per PostgreSQL connection like the frame.
    public static func campaigns(workspaceID: UUID, on database: any Database) async throws -> [Campaign] {
        try await PreparedOnPostgres.rows("""
            SELECT \(unsafeRaw: campaignColumns) FROM campaigns c WHERE c.workspace_id = \(bind: workspaceID) ORDER BY c.name
            """, as: CampaignsStatement.self, on: database).map { try Campaign.from($0, alias: "c") }
    }
}
