import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldStore
import HeraldTestSupport
import NIOHTTP1
import Testing
import Vapor

/// Issue 11, point 3: a manager connects Mastodon on any server by signing in there (OAuth with
/// PKCE): Herald registers itself on the server once, the server's approval sends the browser
/// back, and the channel is saved with the server's own limits.
@Suite("Mastodon by OAuth")
struct MastodonOAuthTests {
    /// What the person's browser does on the server: open the approval address and be sent back.
    /// Answers the path and query Herald's callback is opened with.
    static func approve(_ authorizeURL: String) async throws -> String {
        let response = try await noRedirects(authorizeURL)
        #expect(response.status == .found)
        let location = try #require(response.headers.first(name: "Location"))
        let back = try #require(URLComponents(string: location))
        #expect(back.path == "/oauth/mastodon/callback")
        return back.path + "?" + (back.percentEncodedQuery ?? "")
    }

    /// One GET that leaves a redirect unfollowed, as the browser's view of it.
    static func noRedirects(_ url: String) async throws -> HTTPClientResponse {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            // Set-up, not what is tested: under the whole suite on two cores an answer has taken over 10 s.
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
            try await client.shutdown()
            return response
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test("the connect page signs in on the server: app registered once, PKCE checked, limits kept; replays, strangers and refusals are told plainly")
    func connectBySigningIn() async throws {
        let mastodon = MastodonEmulator(token: "not-used")
        mastodon.maxCharacters = 1_000
        try await mastodon.start()
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let page = try await owner.get("/w/\(w)/settings/channels/connect/mastodon")
            #expect(page.text.contains("formaction=\"/w/\(w)/settings/channels/connect/mastodon/oauth\"") && page.text.contains("Continue on Mastodon"))

            let started = try await owner.post("/w/\(w)/settings/channels/connect/mastodon/oauth",
                                               form: ["name": "Fedi", "instance_url": mastodon.baseURL, "platform": "mastodon"])
            #expect(started.status == .seeOther)
            let authorize = try #require(started.location)
            #expect(authorize.hasPrefix(mastodon.baseURL + "/oauth/authorize?") && authorize.contains("code_challenge_method=S256")
                    && authorize.contains("scope=read%20write"), "\(authorize)")
            let callback = try await Self.approve(authorize)

            // Someone else, signed in to the same Herald, cannot finish the owner's connection.
            _ = try await owner.post("/w/\(w)/settings/members", form: [
                "email": "admin@agency.test", "name": "Ada Admin", "password": Fixtures.password, "role": "admin"])
            let admin = try TestBrowser(app: app)
            try await Fixtures.signIn(admin, email: "admin@agency.test")
            let stranger = try await admin.get(callback)
            #expect(stranger.status == .badRequest && stranger.text.contains("not one Herald started for you"))

            let done = try await owner.get(callback)
            #expect(done.status == .seeOther && done.location == "/w/\(w)/settings/channels?done=channelAdded", "\(done.text)")
            let channel = try #require(try await SocialChannel.query(on: app.db).first())
            #expect(channel.platform == .mastodon && channel.name == "Fedi" && channel.state == .active)
            #expect(channel.rules.text.maximum == 1_000, "the server's own limit")
            let replay = try await owner.get(callback)
            #expect(replay.status == .badRequest && replay.text.contains("already used"))
            #expect(try await SocialChannel.query(on: app.db).count() == 1)

            // The token works: a post longer than Mastodon's default 500 goes out on this server.
            let long = String(repeating: "Весна. ", count: 100)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let post = try await Agency.create(api, "/api/v1/workspaces/\(w)/posts",
                                               #"{"text":"\#(long)","channels":["\#(try channel.requireID())"]}"#)
            try await Fixtures.publishNow(app, post: post)
            #expect(mastodon.posted.count == 1 && (mastodon.posted.first?.text.count ?? 0) > 500, "\(mastodon.posted.map(\.text.count))")

            // Through the API the second time: the app is not registered again.
            let viaAPI = try await api.api(.POST, "/api/v1/workspaces/\(w)/channels/oauth",
                                           json: #"{"platform":"mastodon","instance_url":"\#(mastodon.baseURL)","name":"Second"}"#)
            #expect(viaAPI.status == .created, "\(viaAPI.text)")
            let second = try #require(viaAPI.json["authorize_url"] as? String)
            #expect(mastodon.registeredApps.count == 1)

            // The person says no on the server: nothing is connected, and the page says why.
            mastodon.approves = false
            let denied = try await owner.get(try await Self.approve(second))
            #expect(denied.status == .badRequest && denied.text.contains("Access was not granted on Mastodon"))
            #expect(try await SocialChannel.query(on: app.db).count() == 1)

            // Reconnecting signs in again on the channel's own server, with the client kept there.
            mastodon.approves = true
            let again = try await api.api(.POST, "/api/v1/workspaces/\(w)/channels/oauth",
                                          json: #"{"platform":"mastodon","channel_id":"\#(try channel.requireID())"}"#)
            #expect(again.status == .created, "\(again.text)")
            let reauthorize = try #require(again.json["authorize_url"] as? String)
            #expect(reauthorize.hasPrefix(mastodon.baseURL + "/oauth/authorize?") && mastodon.registeredApps.count == 1)
            let reconnected = try await owner.get(try await Self.approve(reauthorize))
            #expect(reconnected.location == "/w/\(w)/settings/channels?done=channelReconnected", "\(reconnected.text)")
            #expect(try await SocialChannel.query(on: app.db).count() == 1)

            let badServer = try await api.api(.POST, "/api/v1/workspaces/\(w)/channels/oauth",
                                              json: #"{"platform":"mastodon","instance_url":"not a url","name":"X"}"#)
            #expect(badServer.apiError?.field == "instance_url" && badServer.apiError?.code == "invalid_url")
            let telegram = try await api.api(.POST, "/api/v1/workspaces/\(w)/channels/oauth",
                                             json: #"{"platform":"telegram","instance_url":"\#(mastodon.baseURL)","name":"X"}"#)
            #expect(telegram.apiError?.field == "platform" && telegram.apiError?.code == "no_oauth")
        }
        await mastodon.stop()
    }

    @Test("a code exchanged with the wrong PKCE verifier is refused by the server; the right one gives a working token")
    func pkce() async throws {
        let mastodon = MastodonEmulator()
        try await mastodon.start()
        let platform = MastodonPlatform(client: BlueskyPeer.client) { try? ContractRecorder.record($0, file: "mastodon-oauth") }
        let redirect = "https://herald.example/oauth/mastodon/callback"
        let app = try await platform.registerClient(server: mastodon.baseURL, redirectURI: redirect, website: "https://herald.example")
        let verifier = String(repeating: "v", count: 64)
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        func code() async throws -> String {
            let response = try await Self.noRedirects(MastodonPlatform.authorizeURL(server: mastodon.baseURL, app: app, redirectURI: redirect,
                                                                                    state: "s", challenge: challenge))
            let location = try #require(URLComponents(string: response.headers.first(name: "Location") ?? ""))
            return try #require(location.queryItems?.first { $0.name == "code" }?.value)
        }
        let first = try await code()
        await #expect(throws: PlatformError.rejected(message: "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")) {
            _ = try await platform.exchangeCode(server: mastodon.baseURL, app: app, code: first, redirectURI: redirect,
                                                verifier: String(repeating: "w", count: 64))
        }
        let credential = try await platform.exchangeCode(server: mastodon.baseURL, app: app, code: try await code(), redirectURI: redirect,
                                                         verifier: verifier)
        #expect(try await platform.verify(credential).hasPrefix("@herald@"))
        let limits = try await platform.instanceLimits(server: mastodon.baseURL)
        #expect(limits.maxCharacters == 500 && limits.charactersReservedPerURL == 23 && limits.descriptionLimit == 1500)
        await mastodon.stop()
    }
}
