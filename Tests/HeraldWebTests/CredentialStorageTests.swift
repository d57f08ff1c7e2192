import HeraldApp
import Fluent
import Foundation
import HeraldConnectors
import HeraldStore
import HeraldTestSupport
import SQLKit
import HeraldEmulators
import Testing
import Vapor

@Suite("Platform credentials at rest")
struct CredentialStorageTests {
    @Test("a stored access token is not readable in the database, and opens only with the key and its own row")
    func encrypted() async throws {
        let secret = "mastodon-token-\(UUID().uuidString)"
        // A server to check the token with when the channel is connected.
        let emulator = MastodonEmulator(token: secret)
        try await emulator.start()
        defer { Task { await emulator.stop() } }
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let created = try await api.api(.POST, "/api/v1/workspaces/\(workspace)/channels",
                                            json: #"{"platform":"mastodon","name":"Main","access_token":"\#(secret)","instance_url":"\#(emulator.baseURL)"}"#)
            #expect(created.status == .created)
            #expect(!created.text.contains(secret), "never echoed back")
            #expect(!(try await api.api(.GET, "/api/v1/workspaces/\(workspace)/channels")).text.contains(secret))
            #expect(!(try await owner.get("/w/\(workspace)/settings/channels")).text.contains(secret))

            // The raw column, as any SQL client would see it.
            let sql = try #require(app.db as? any SQLDatabase)
            let rows = try await sql.raw("SELECT sealed_credentials FROM channels").all()
            let sealed = try #require(try rows.first?.decode(column: "sealed_credentials", as: Data.self))
            #expect(sealed.range(of: Data(secret.utf8)) == nil)
            #expect(sealed.count >= Data(secret.utf8).count + 29, "version, nonce and tag around the ciphertext")

            // And the file itself, for SQLite: flush the WAL, then search every byte.
            if case .sqlite(let path) = app.herald.database {
                _ = try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").all()
                for file in [path, path + "-wal", path + "-journal"] {
                    guard let bytes = FileManager.default.contents(atPath: file) else { continue }
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the token in clear")
                    #expect(bytes.range(of: Data("Main".utf8)) != nil || file != path, "sanity: the row is in \(file)")
                }
            }

            // The right key and row open it; the same bytes on another row do not.
            let channel = try #require(try await SocialChannel.query(on: app.db).first())
            let context = "channel-credential:\(workspace.uuidString):\(try channel.requireID().uuidString)"
            let opened = ChannelCredential.parse(String(decoding: try app.secretBox.open(channel.sealedCredentials, context: context), as: UTF8.self))
            #expect(opened == ChannelCredential(accessToken: secret, instanceURL: emulator.baseURL))
            #expect(throws: SecretBoxError.self) {
                try app.secretBox.open(channel.sealedCredentials, context: "channel-credential:\(workspace.uuidString):\(UUID().uuidString)")
            }
            let otherKey = SecretBox(key: .init(size: .bits256))
            #expect(throws: SecretBoxError.self) { try otherKey.open(channel.sealedCredentials, context: context) }
        }
    }
}
