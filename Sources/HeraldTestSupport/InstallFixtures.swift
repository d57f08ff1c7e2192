import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// A migrated install with an owner and a workspace, made through the real `herald` binary,
/// plus rows written directly for what a test publishes.
public struct InstallFixture {
    public let database: TestDatabase
    public let environment: [String: String]
    public let pool: Databases
    public let workspaceID: UUID
    public let box: SecretBox

    public var db: any Database { pool.database(logger: .init(label: "herald.test"), on: SeparatePool.loop)! }

    /// Runs `herald migrate` and `herald user create` (workspace "Main") on a new test database.
    public static func make(extraEnvironment: [String: String] = [:]) async throws -> InstallFixture {
        let database = try await TestDatabase.make(migrated: true)
        var environment = HeraldProcess.environment(for: database)
        environment["HERALD_SECRET_KEY"] = String(repeating: "cd", count: 32)
        environment.merge(extraEnvironment) { $1 }
        for arguments in [["migrate"], ["user", "create", "--email", "boss@agency.test", "--name", "Boss",
                                        "--password", "long enough pw", "--workspace", "Main"]] {
            let (status, output) = try await HeraldProcess.run(arguments, environment: environment)
            guard status == 0 else { throw FixtureError.unexpected("herald \(arguments[0]) failed: \(output)") }
        }
        let pool = try SeparatePool.databases(database.target)
        let workspace = try await Workspace.query(on: pool.database(logger: .init(label: "t"), on: SeparatePool.loop)!).first()
        guard let workspaceID = workspace?.id else { throw FixtureError.unexpected("no workspace after user create") }
        let key = try SecretKeyLoader.load(environmentValue: environment["HERALD_SECRET_KEY"], dataDirectory: database.dataDirectory)
        return InstallFixture(database: database, environment: environment, pool: pool, workspaceID: workspaceID, box: SecretBox(key: key))
    }

    /// A channel whose credential is sealed the way the app seals it.
    public func channel(_ platform: Platform, credential: ChannelCredential) async throws -> UUID {
        let id = UUID()
        let sealed = try box.seal(Data(credential.encoded.utf8),
                                  context: SocialChannel.credentialContext(workspaceID: workspaceID, channelID: id))
        try await SocialChannel(id: id, workspaceID: workspaceID, platform: platform, name: platform.displayName,
                                sealedCredentials: sealed).create(on: db)
        return id
    }

    /// A channel's own rate budget (`count` posts per `seconds`), overriding its platform's.
    public func setBudget(channel: UUID, count: Int, seconds: Int) async throws {
        guard let row = try await SocialChannel.find(channel, on: db) else { throw FixtureError.unexpected("no channel \(channel)") }
        row.budgetCount = count
        row.budgetSeconds = seconds
        try await row.save(on: db)
    }

    /// A post scheduled at `due` on one channel.
    public func duePost(_ text: String, channel: UUID, due: Date) async throws {
        let post = Post(workspaceID: workspaceID, authorID: nil, text: text)
        post.statusName = PostStatus.scheduled.rawValue
        post.scheduledAt = due
        try await post.create(on: db)
        try await PostTarget(workspaceID: workspaceID, postID: try post.requireID(), channelID: channel, text: nil,
                             firstComment: nil, link: nil).create(on: db)
    }

    public func close() async {
        await pool.shutdownAsync()
        await database.destroy()
    }
}
